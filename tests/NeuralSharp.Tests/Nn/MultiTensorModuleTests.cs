using NeuralSharp.Autograd;
using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>Modules that take and return several tensors (Module&lt;TIn, TOut&gt;): a real one, RNNCell, and a sequence model built on it here.</summary>
public sealed class MultiTensorModuleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neuralsharp-multi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RnnCellComputesTheElmanStep()
    {
        var cell = new RNNCell(3, 2, generator: new Generator(1)).Double();
        var x = TestData.Randn(4, 3);
        var h = TestData.Randn(4, 2);
        var p = cell.StateDict();
        var expected = (x.MatMul(p["weight_ih"].T) + p["bias_ih"] + h.MatMul(p["weight_hh"].T) + p["bias_hh"]).Tanh();
        TestData.AssertClose(expected.ToDoubleArray(), cell.Forward((x, h)), 1e-12);

        // A missing state is a zero state.
        TestData.AssertClose(cell.Forward((x, Tensor.Zeros([4, 2], DType.Float64))).ToDoubleArray(), cell.Forward((x, null)), 1e-12);
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], p.Keys);
    }

    [Fact]
    public void RnnCellGradientsMatchFiniteDifferences()
    {
        var cell = new RNNCell(3, 2, generator: new Generator(2)).Double();
        var names = cell.NamedParameters().Select(p => p.Key).ToArray();
        Tensor[] inputs = [TestData.Randn(4, 3), TestData.Randn(4, 2), .. cell.Parameters().Select(t => t.Detach())];
        var result = GradCheck.Check(
            xs => cell.FunctionalCall(names.Select((n, i) => new KeyValuePair<string, Tensor>(n, xs[i + 2])).ToDictionary(), (xs[0], xs[1])),
            inputs);
        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void RnnCellShapeErrorsNameBothShapes()
    {
        var cell = new RNNCell(3, 2);
        Assert.Contains("[5, 4]", Assert.Throws<ArgumentException>(() => cell.Forward((Tensor.Zeros([5, 4]), null))).Message);
        var e = Assert.Throws<ArgumentException>(() => cell.Forward((Tensor.Zeros([5, 3]), Tensor.Zeros([5, 3]))));
        Assert.Contains("[5, 2]", e.Message);
        Assert.Contains("[5, 3]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RNNCell(3, 2, nonlinearity: "gelu"));
    }

    [Fact]
    public void AModuleReturningOutputAndStateTrainsSavesAndLoadsLikeAnyModule()
    {
        Model.RegisterLayer<Recurrent>();
        var net = new Recurrent(new RNNCell(3, 4, generator: new Generator(3)), new Linear(4, 2, generator: new Generator(4)));
        var x = Tensor.Randn([5, 2, 3], generator: new Generator(5));

        var (output, state) = net.Forward((x, null));
        Assert.Equal(new Shape(5, 2, 2), output.Shape);
        Assert.Equal(new Shape(2, 4), state.Shape);

        // Parameters, gradients, modes and state dicts reach the children as for single-tensor modules.
        Assert.Equal(["cell.weight_ih", "cell.weight_hh", "cell.bias_ih", "cell.bias_hh", "head.weight", "head.bias"], net.StateDict().Keys);
        output.Sum().Backward();
        Assert.All(net.Parameters(), p => Assert.NotNull(p.Grad));
        Assert.False(net.Eval().IsTraining);
        Assert.All(net.NamedModules(), m => Assert.False(m.Value.IsTraining));
        Assert.Equal("Recurrent(\n  (cell): RNNCell(3, 4)\n  (head): Linear(in_features=4, out_features=2, bias=True)\n)", net.ToString());

        var path = Path.Combine(_dir, "rnn.safetensors");
        Model.Save(net, path);
        var loaded = Model.Load<Recurrent>(path);
        var (output2, state2) = loaded.Forward((x, null));
        Assert.Equal(output.ToArray(), output2.ToArray());
        Assert.Equal(state.ToArray(), state2.ToArray());

        // The state can be carried into the next call.
        var (_, next) = loaded.Forward((x, state2));
        Assert.NotEqual(state2.ToArray(), next.ToArray());

        var e = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.Contains("not a Module", e.Message);
    }

    [Fact]
    public void SummaryListsTheChildrenOfAMultiTensorModuleWithEveryOutputShape()
    {
        var net = new Recurrent(new RNNCell(3, 4, generator: new Generator(3)), new Linear(4, 2, generator: new Generator(4)));
        var summary = Summary.Create(net, (Tensor.Zeros([5, 1, 3]), null));
        Assert.Equal(["cell", "head"], summary.Rows.Select(r => r.Name));
        Assert.Equal(new Shape(1, 4), summary.Rows[0].OutputShape);
        Assert.Equal(new Shape(1, 2), summary.Rows[1].OutputShape);
        Assert.Equal((3 * 4) + (4 * 4) + 8, summary.Rows[0].Parameters);
        Assert.Equal(new Shape(5, 1, 3), summary.InputShape);
        Assert.Equal(net.ParameterCount, summary.TotalParameters);
        Assert.True(net.IsTraining);

        // A module returning several tensors shows them all.
        var pair = new Pair(new Linear(3, 2, generator: new Generator(1)));
        var row = Summary.Create(new Wrapper(pair), Tensor.Zeros([4, 3])).Rows.Single();
        Assert.Equal([new Shape(4, 2), new Shape(4, 3)], row.OutputShapes);
        Assert.Contains("[4, 2], [4, 3]", Summary.Create(new Wrapper(pair), Tensor.Zeros([4, 3])).ToString());
    }

    [Fact]
    public void SequentialRefusesMultiTensorChildrenFromAFile()
    {
        var json = "{\"type\":\"Sequential\",\"children\":{\"0\":{\"type\":\"RNNCell\",\"config\":{\"input_size\":2,\"hidden_size\":2}}}}";
        var e = Assert.Throws<ModelFormatException>(() => Model.FromArchitecture(json));
        Assert.Contains("does not take and return one tensor", e.Message);
    }

    /// <summary>Returns a layer's output and its input unchanged.</summary>
    private sealed class Pair : Module<Tensor, (Tensor Output, Tensor Input)>
    {
        public Pair(Linear layer) => RegisterModule("layer", layer);

        public override (Tensor Output, Tensor Input) Forward(Tensor input) => (((Linear)ChildAt(0)).Call(input), input);
    }

    /// <summary>A single-tensor module built on a two-output one.</summary>
    private sealed class Wrapper : Module
    {
        public Wrapper(Pair pair) => RegisterModule("pair", pair);

        public override Tensor Forward(Tensor input)
        {
            var (output, _) = ((Pair)ChildAt(0)).Call(input);
            return output;
        }
    }

    /// <summary>A sequence model: a cell run over the time steps of [T, N, input], and a linear read-out of every state.</summary>
    public sealed class Recurrent : Module<(Tensor Sequence, Tensor? State), (Tensor Output, Tensor State)>, IComposite<Recurrent>
    {
        public Recurrent(RNNCell cell, Linear head)
        {
            RegisterModule("cell", cell);
            RegisterModule("head", head);
        }

        private RNNCell Cell => (RNNCell)ChildAt(0);

        private Linear Head => (Linear)ChildAt(1);

        public static Recurrent Create(IReadOnlyList<KeyValuePair<string, ModuleBase>> children) => new((RNNCell)children[0].Value, (Linear)children[1].Value);

        public override (Tensor Output, Tensor State) Forward((Tensor Sequence, Tensor? State) input)
        {
            var (x, h) = input;
            var outputs = new List<Tensor>();
            for (var t = 0; t < x.Size(0); t++)
            {
                h = Cell.Call((x.Narrow(0, t, 1).Reshape(x.Size(1), x.Size(2)), h));
                outputs.Add(Head.Call(h).Reshape(1, x.Size(1), Head.OutFeatures));
            }

            return (Tensor.Concat(outputs, 0), h!);
        }
    }
}
