using NeuralSharp.Optim;

namespace NeuralSharp.Tests.Optim;

public sealed class OptimizerStateDictTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ns-optim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Tensor[] Parameters(DType dtype) =>
    [
        Tensor.FromArray(Enumerable.Range(0, 37).Select(OptimizerCases.Initial).ToArray(), 37).To(dtype).RequireGrad(),
        Tensor.FromArray(Enumerable.Range(0, 6).Select(i => OptimizerCases.Initial(i + 3)).ToArray(), 2, 3).To(dtype).RequireGrad(),
    ];

    private static void Run(Optimizer optimizer, Tensor[] ps, int fromStep, int steps)
    {
        for (var t = fromStep; t < fromStep + steps; t++)
        {
            for (var k = 0; k < ps.Length; k++)
            {
                var g = Enumerable.Range(0, ps[k].Count).Select(i => OptimizerCases.Gradient(i + k, t)).ToArray();
                ps[k].Grad = Tensor.FromArray(g, ps[k].Shape.ToArray()).To(ps[k].DType);
            }

            optimizer.Step();
        }
    }

    /// <summary>3 steps, save, 3 more; against restoring into a fresh optimiser over copies and doing the same 3.</summary>
    [Theory]
    [MemberData(nameof(OptimizerCases.NamesAndTypes), MemberType = typeof(OptimizerCases))]
    public void ResumesBitIdentically(string name, DType dtype)
    {
        var c = OptimizerCases.Get(name);
        var ps = Parameters(dtype);
        var optimizer = c.Create(ps);
        Run(optimizer, ps, 0, 3);
        var saved = optimizer.StateDict();
        var copies = ps.Select(p => p.Clone().RequireGrad()).ToArray();
        Run(optimizer, ps, 3, 3);

        var path = Path.Combine(_dir, name + ".safetensors");
        saved.Save(path);
        var fresh = c.Create(copies);
        fresh.LoadStateDict(OptimizerState.Load(path));
        Run(fresh, copies, 3, 3);

        for (var k = 0; k < ps.Length; k++)
        {
            Assert.Equal(ps[k].ToDoubleArray(), copies[k].ToDoubleArray());
        }
    }

    [Fact]
    public void StateDictNamesBuffersLikePyTorch()
    {
        var ps = Parameters(DType.Float32);
        var optimizer = new Adam(ps, learningRate: 0.01, amsgrad: true);
        Run(optimizer, ps, 0, 2);

        var state = optimizer.StateDict();

        Assert.Equal(2.0, state.Tensors["state.0.step"].ItemAsDouble());
        Assert.Equal(ps[1].Shape, state.Tensors["state.1.exp_avg_sq"].Shape);
        Assert.True(state.Tensors.ContainsKey("state.1.max_exp_avg_sq"));
        Assert.Equal("Adam", state.Metadata["optimizer"]);
        Assert.Equal("0.01", state.Metadata["param_groups.0.lr"]);
        Assert.Equal("0,1", state.Metadata["param_groups.0.params"]);
        Assert.Equal("0.9,0.999", state.Metadata["betas"]);

        // The saved buffers are copies: later steps do not change them.
        var before = state.Tensors["state.0.exp_avg"].ToArray();
        Run(optimizer, ps, 2, 1);
        Assert.Equal(before, state.Tensors["state.0.exp_avg"].ToArray());
    }

    [Fact]
    public void LoadRestoresScheduledLearningRate()
    {
        var ps = Parameters(DType.Float64);
        var optimizer = new SGD(ps, learningRate: 0.1, momentum: 0.9);
        Run(optimizer, ps, 0, 1);
        optimizer.LearningRate = 0.025;

        var fresh = new SGD(ps.Select(p => p.Clone().RequireGrad()), learningRate: 0.1, momentum: 0.9);
        fresh.LoadStateDict(optimizer.StateDict());

        Assert.Equal(0.025, fresh.LearningRate);
        Assert.Equal(1, fresh.GetState(0)!.Step);
    }

    [Fact]
    public void LoadRejectsAMismatch()
    {
        var ps = Parameters(DType.Float32);
        var adam = new Adam(ps);
        Run(adam, ps, 0, 1);
        var state = adam.StateDict();

        Assert.Throws<ArgumentException>(() => new Adam(ps, beta1: 0.8).LoadStateDict(state));
        Assert.Throws<ArgumentException>(() => new AdamW(ps).LoadStateDict(state));
        Assert.Throws<ArgumentException>(() => new Adam(ps, amsgrad: true).LoadStateDict(state));
        Assert.Throws<ArgumentException>(() => new Adam([ps[1], ps[0]]).LoadStateDict(state));
    }
}
