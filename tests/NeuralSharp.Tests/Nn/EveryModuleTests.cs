using NeuralSharp.Autograd;
using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>
/// Every concrete module type of the library, found by reflection, must have an example here and must survive
/// Model.Save/Model.Load unchanged: a new layer that forgets its serialisation (or this list) fails.
/// </summary>
public sealed class EveryModuleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neuralsharp-every-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>An example of each type, with a function that runs it on a fixed input (the same for the original and the loaded copy).</summary>
    private static readonly Dictionary<Type, Func<(ModuleBase Module, Func<ModuleBase, Tensor> Run)>> Examples = WithExampleSets(new()
    {
        [typeof(Linear)] = () => Single(new Linear(6, 4, generator: G()), 3, 6),
        [typeof(Maxout)] = () => Single(new Maxout(6, 4, 3, G()), 3, 6),
        [typeof(BatchNorm1d)] = () => Single(Trained(new BatchNorm1d(6, eps: 1e-3, momentum: 0.2), 6), 3, 6),
        [typeof(LayerNorm)] = () => Single(new LayerNorm([2, 3], eps: 1e-4), 3, 2, 3),
        [typeof(Dropout)] = () => Single(new Dropout(0.3), 3, 6),
        [typeof(Flatten)] = () => Single(new Flatten(1, 2), 3, 2, 3, 2),
        [typeof(Unflatten)] = () => Single(new Unflatten(1, [2, 3]), 3, 6),
        [typeof(Conv1d)] = () => Single(new Conv1d(2, 4, 3, stride: 2, padding: 1, dilation: 2, generator: G()), 3, 2, 9),
        [typeof(Conv2d)] = () => Single(new Conv2d(2, 4, [3, 2], "same", dilation: [1, 2], groups: 2, generator: G()), 3, 2, 5, 6),
        [typeof(ConvTranspose2d)] = () => Single(new ConvTranspose2d(2, 4, 3, stride: 2, padding: 1, outputPadding: 1, bias: false, generator: G()), 3, 2, 4, 4),
        [typeof(MaxPool1d)] = () => Single(new MaxPool1d(3, 2, 1, ceilMode: true), 3, 2, 9),
        [typeof(MaxPool2d)] = () => Single(new MaxPool2d([3, 2], stride: [2, 1], padding: [1], dilation: [1, 2]), 3, 2, 6, 7),
        [typeof(AvgPool1d)] = () => Single(new AvgPool1d(4, 3, 2, countIncludePad: false), 3, 2, 9),
        [typeof(AvgPool2d)] = () => Single(new AvgPool2d(3, stride: 2, padding: 1, ceilMode: true, divisorOverride: 5), 3, 2, 6, 7),
        [typeof(AdaptiveAvgPool2d)] = () => Single(new AdaptiveAvgPool2d([3, 2]), 3, 2, 7, 5),
        [typeof(BatchNorm2d)] = () => Single(Trained2d(new BatchNorm2d(3, eps: 1e-3, momentum: 0.2)), 2, 3, 4, 4),
        [typeof(Dropout2d)] = () => Single(new Dropout2d(0.3), 3, 2, 4, 4),
        [typeof(ELU)] = () => Single(new ELU(0.7), 3, 6),
        [typeof(LeakyReLU)] = () => Single(new LeakyReLU(0.2), 3, 6),
        [typeof(PReLU)] = () => Single(new PReLU(6, 0.1), 3, 6),
        [typeof(Softmax)] = () => Single(new Softmax(0), 3, 6),
        [typeof(LogSoftmax)] = () => Single(new LogSoftmax(1), 3, 6),
        [typeof(Identity)] = () => Single(new Identity(), 3, 6),
        [typeof(ReLU)] = () => Single(new ReLU(), 3, 6),
        [typeof(Sigmoid)] = () => Single(new Sigmoid(), 3, 6),
        [typeof(SoftPlus)] = () => Single(new SoftPlus(), 3, 6),
        [typeof(Step)] = () => Single(new Step(), 3, 6),
        [typeof(Tanh)] = () => Single(new Tanh(), 3, 6),
        [typeof(Sequential)] = () => Single(new Sequential(new Linear(6, 5, generator: G()), new Sequential(new Tanh())).Add("head", new Linear(5, 2, generator: G())), 3, 6),
        [typeof(Residual)] = () => Single(new Residual(new Sequential(new Linear(6, 4, generator: G()), new ReLU()), new Linear(6, 4, bias: false, generator: G())), 3, 6),
        [typeof(RNNCell)] = () => (new RNNCell(6, 4, nonlinearity: "relu", generator: G()), m => ((RNNCell)m).Forward((Input(3, 6), Input(3, 4)))),
        [typeof(LSTMCell)] = () => (new LSTMCell(6, 4, generator: G()), m => Concat(((LSTMCell)m).Forward((Input(3, 6), (Input(3, 4), Input(3, 4) * 0.5))))),
        [typeof(GRUCell)] = () => (new GRUCell(6, 4, bias: false, generator: G()), m => ((GRUCell)m).Forward((Input(3, 6), Input(3, 4)))),
        [typeof(LSTM)] = () => (new LSTM(6, 4, numLayers: 2, batchFirst: true, dropout: 0.25, bidirectional: true, generator: G()), m => ((LSTM)m).Forward((Input(3, 5, 6), null)) is var (y, s) ? Concat((y.Flatten(), Concat(s))) : null!),
        [typeof(GRU)] = () => (new GRU(6, 4, numLayers: 2, bias: false, generator: G()), m => ((GRU)m).Forward((Input(5, 3, 6), Input(2, 3, 4))) is var (y, h) ? Concat((y.Flatten(), h.Flatten())) : null!),
        [typeof(ElmanRNN)] = () => (new ElmanRNN(6, 4, 3, generator: G()), m => ((ElmanRNN)m).Forward((Input(5, 3, 6), Input(3, 4))) is var (y, h) ? Concat((y, h)) : null!),
        [typeof(JordanRNN)] = () => (new JordanRNN(6, 4, 3, batchFirst: true, generator: G()), m => ((JordanRNN)m).Forward((Input(3, 5, 6), null)) is var (y, o) ? Concat((y, o)) : null!),
        [typeof(Embedding)] = () => (new Embedding(7, 4, paddingIdx: 3, generator: G()), m => ((Embedding)m).Forward(Tensor.FromArray([0.0, 3, 6, 2, 3, 1], 2, 3))),
    });

    public static TheoryData<string> TypeNames => new(Examples.Keys.Select(t => t.Name));

    [Fact]
    public void EveryConcreteModuleTypeHasAnExample()
    {
        var concrete = typeof(ModuleBase).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ModuleBase)))
            .ToHashSet();
        var missing = concrete.Except(Examples.Keys).Select(t => t.FullName).Order(StringComparer.Ordinal).ToArray();
        Assert.True(missing.Length == 0, $"add an example (and check save/load) for: {string.Join(", ", missing)}");
        Assert.Equal(concrete.Count, Examples.Count);
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void SaveThenLoadGivesTheSameModuleAndTheSameOutputs(string typeName)
    {
        var (module, run) = Examples.Single(e => e.Key.Name == typeName).Value();
        module.Eval();
        Assert.Equal(typeName, module.TypeName);
        Assert.True(Model.IsRegistered(typeName));

        var path = Path.Combine(_dir, typeName + ".safetensors");
        Model.Save(module, path);
        var loaded = Model.Load<ModuleBase>(path);

        Assert.IsType(module.GetType(), loaded);
        Assert.Equal(module.ToString(), loaded.ToString());
        Assert.Equal(Model.ArchitectureJson(module), Model.ArchitectureJson(loaded));
        Assert.False(loaded.IsTraining);
        Assert.Equal(module.StateDict().Keys, loaded.StateDict().Keys);
        foreach (var (name, t) in module.StateDict())
        {
            Assert.Equal(t.ToArray(), loaded.StateDict()[name].ToArray());
        }

        using (GradMode.NoGrad())
        {
            Assert.Equal(run(module).ToArray(), run(loaded).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void CloneGivesAnIndependentModuleOfTheSameTypeAndOutputs(string typeName)
    {
        var (module, run) = Examples.Single(e => e.Key.Name == typeName).Value();
        module.Eval();
        var copy = module.Clone();
        Assert.IsType(module.GetType(), copy);
        using (GradMode.NoGrad())
        {
            Assert.Equal(run(module).ToArray(), run(copy).ToArray());
            foreach (var p in copy.Parameters())
            {
                p.Fill(0.5);
            }
        }

        Assert.All(module.Parameters(), p => Assert.Contains(p.ToArray(), v => v != 0.5f));
    }

    /// <summary>Adds the examples of every <see cref="IModuleExamples"/> in this assembly; a type listed twice is an error.</summary>
    private static Dictionary<Type, Func<(ModuleBase Module, Func<ModuleBase, Tensor> Run)>> WithExampleSets(Dictionary<Type, Func<(ModuleBase Module, Func<ModuleBase, Tensor> Run)>> core)
    {
        var sets = typeof(IModuleExamples).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IModuleExamples).IsAssignableFrom(t))
            .Select(t => (IModuleExamples)Activator.CreateInstance(t)!);
        foreach (var set in sets)
        {
            foreach (var (type, example) in set.Examples)
            {
                core.Add(type, example);
            }
        }

        return core;
    }

    private static Generator G() => ModuleExample.G();

    private static Tensor Input(params int[] shape) => ModuleExample.Input(shape);

    private static (ModuleBase, Func<ModuleBase, Tensor>) Single(Module module, params int[] inputShape) => ModuleExample.Single(module, inputShape);

    private static BatchNorm2d Trained2d(BatchNorm2d bn)
    {
        bn.Forward(Tensor.Randn([4, bn.NumFeatures, 3, 3], generator: new Generator(5)));
        return bn;
    }

    private static Tensor Concat((Tensor A, Tensor B) pair) => ModuleExample.Concat(pair);

    private static BatchNorm1d Trained(BatchNorm1d bn, int features)
    {
        // One training step moves the running statistics away from their defaults, so that saving them is tested.
        bn.Forward(Tensor.Randn([8, features], generator: new Generator(3)));
        return bn;
    }
}
