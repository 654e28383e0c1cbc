using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class ModuleTests
{
    private static Sequential Nested(Generator g) => new(
        new Sequential(new Linear(4, 3, generator: g), new ReLU()),
        new BatchNorm1d(3),
        new Linear(3, 2, bias: false, generator: g));

    [Fact]
    public void StateDictNamesFollowPyTorchForNestedSequentials()
    {
        var net = Nested(new Generator(1));
        Assert.Equal(
            ["0.0.weight", "0.0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "2.weight"],
            net.StateDict().Keys);
        Assert.Equal(["0.0.weight", "0.0.bias", "1.weight", "1.bias", "2.weight"], net.NamedParameters().Select(p => p.Key));
        Assert.Equal(["1.running_mean", "1.running_var", "1.num_batches_tracked"], net.NamedBuffers().Select(p => p.Key));
        Assert.Equal(3, net.Children().Count());

        var named = new Sequential().Add("encoder", new Sequential(new Linear(2, 2), new Linear(2, 2)));
        Assert.Contains("encoder.1.bias", named.StateDict().Keys);
    }

    [Fact]
    public void ParameterCountOfTenLayersOfHundredUnitsIs101000()
    {
        var g = new Generator(0);
        var net = new Sequential(Enumerable.Range(0, 10).Select(_ => (Module)new Linear(100, 100, generator: g)));
        Assert.Equal(101_000, net.ParameterCount);
    }

    [Fact]
    public void ParametersRequireGradAndSameSeedGivesSameNetwork()
    {
        var a = Nested(new Generator(7));
        var b = Nested(new Generator(7));
        Assert.All(a.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.Equal(a.Parameters().SelectMany(p => p.ToArray()), b.Parameters().SelectMany(p => p.ToArray()));
    }

    [Fact]
    public void ThreeLinearLayersWithoutNonLinearitiesAreOneLinearMap()
    {
        var g = new Generator(3);
        var l1 = new Linear(5, 4, generator: g);
        var l2 = new Linear(4, 3, generator: g);
        var l3 = new Linear(3, 2, generator: g);
        var net = new Sequential(l1, l2, l3).Double();
        var x = TestData.Randn(6, 5);

        // y = W3 (W2 (W1 x + b1) + b2) + b3 = (W3 W2 W1) x + (W3 W2 b1 + W3 b2 + b3)
        var w = l3.Weight.MatMul(l2.Weight).MatMul(l1.Weight);
        var b = l3.Weight.MatMul(l2.Weight).MatMul(l1.Bias!) + l3.Weight.MatMul(l2.Bias!) + l3.Bias!;
        var single = x.MatMul(w.T) + b;
        TestData.AssertClose(single.ToDoubleArray(), net.Forward(x), 1e-12);
    }

    [Fact]
    public void FreezeStopsGradientsAndUnfreezeRestoresThem()
    {
        var g = new Generator(2);
        var body = new Linear(3, 3, generator: g);
        var head = new Linear(3, 1, generator: g);
        var net = new Sequential(body, head);
        body.Freeze();
        Assert.Equal(4, net.TrainableParameterCount);
        net.Forward(Tensor.Ones([2, 3])).Sum().Backward();
        Assert.Null(body.Weight.Grad);
        Assert.Null(body.Bias!.Grad);
        Assert.NotNull(head.Weight.Grad);

        body.Unfreeze();
        net.Forward(Tensor.Ones([2, 3])).Sum().Backward();
        Assert.NotNull(body.Weight.Grad);
    }

    [Fact]
    public void ZeroGradZeroesEveryParameterGradient()
    {
        var net = Nested(new Generator(4));
        net.Forward(Tensor.Ones([2, 4])).Sum().Backward();
        net.ZeroGrad();
        Assert.All(net.Parameters(), p => Assert.All(p.Grad!.ToArray(), v => Assert.Equal(0f, v)));
    }

    [Fact]
    public void TrainAndEvalReachEveryDescendant()
    {
        var net = Nested(new Generator(5));
        net.Eval();
        Assert.All(net.NamedModules(), m => Assert.False(m.Value.IsTraining));
        net.Train();
        Assert.All(net.NamedModules(), m => Assert.True(m.Value.IsTraining));
    }

    [Fact]
    public void LoadStateDictCopiesValuesAndReportsEveryDifference()
    {
        var a = Nested(new Generator(1));
        var b = Nested(new Generator(2));
        b.LoadStateDict(a.StateDict());
        Assert.Equal(a.Parameters().SelectMany(p => p.ToArray()), b.Parameters().SelectMany(p => p.ToArray()));

        var dict = a.StateDict().ToDictionary();
        dict.Remove("2.weight");
        dict["extra"] = Tensor.Zeros([1]);
        dict["0.0.bias"] = Tensor.Zeros([5]);
        var e = Assert.Throws<ArgumentException>(() => b.LoadStateDict(dict));
        Assert.Contains("0.0.bias", e.Message);
        Assert.Contains("missing key 2.weight", e.Message);
        Assert.Contains("unexpected key extra", e.Message);

        dict["0.0.bias"] = Tensor.Zeros([3]);
        var result = b.LoadStateDict(dict, strict: false);
        Assert.Equal(["2.weight"], result.MissingKeys);
        Assert.Equal(["extra"], result.UnexpectedKeys);
    }

    [Fact]
    public void CloneIsDeep()
    {
        var net = Nested(new Generator(1));
        var copy = (Sequential)net.Clone();
        Assert.Equal(net.ToString(), copy.ToString());
        using (GradMode.NoGrad())
        {
            ((Linear)copy[2]).Weight.Fill(9);
        }

        Assert.DoesNotContain(9f, ((Linear)net[2]).Weight.ToArray());
        Assert.All(copy.Parameters(), p => Assert.True(p.RequiresGrad));

        // A fresh clone holds every parameter element and computes every output element as the original does.
        var fresh = (Sequential)net.Clone();
        Assert.Equal(net.Parameters().Select(p => p.ToArray()), fresh.Parameters().Select(p => p.ToArray()));
        var input = Tensor.Randn([3, 4], generator: new Generator(2));
        Assert.Equal(net.Forward(input).ToArray(), fresh.Forward(input).ToArray());
    }

    [Fact]
    public void ToDoubleConvertsParametersAndBuffers()
    {
        var net = Nested(new Generator(1));
        var before = net.Parameters().SelectMany(p => p.ToArray()).ToArray();
        net.Double();
        Assert.All(net.StateDict().Values, t => Assert.Equal(DType.Float64, t.DType));
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.Equal(before, net.Parameters().SelectMany(p => p.ToArray()));
        Assert.Equal(DType.Float64, net.Forward(Tensor.Ones([2, 4], DType.Float64)).DType);
    }

    [Fact]
    public void PrintsTheModuleTreeLikePyTorch()
    {
        var net = new Sequential(new Linear(784, 30, generator: new Generator(0)), new Sigmoid(), new Dropout(0.5), new Sequential(new LeakyReLU(0.1)));
        Assert.Equal(
            "Sequential(\n  (0): Linear(in_features=784, out_features=30, bias=True)\n  (1): Sigmoid()\n  (2): Dropout(p=0.5, inplace=False)\n  (3): Sequential(\n    (0): LeakyReLU(negative_slope=0.1)\n  )\n)",
            net.ToString());
    }

    [Fact]
    public void SequentialIsIndexable()
    {
        var relu = new ReLU();
        var net = new Sequential { new Identity(), relu };
        Assert.Same(relu, net[1]);
        Assert.Same(relu, net[-1]);
        Assert.Equal(2, net.Count);
        Assert.Throws<ArgumentException>(() => net.Add("1", new ReLU()));
    }
}
