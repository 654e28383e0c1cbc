using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Nn;

/// <summary>Freezing and unfreezing by name, and replacing a network's head (issue 14, transfer learning).</summary>
public class FreezingTests
{
    private static Sequential BodyAndHead(int seed)
    {
        var g = new Generator(seed);
        return new Sequential()
            .Add("body", new Sequential(new Linear(4, 8, generator: g), new Tanh(), new Linear(8, 8, generator: g), new Tanh()))
            .Add("head", new Linear(8, 3, generator: g));
    }

    private static TensorDataset Blobs(int seed)
    {
        var g = new Generator(seed);
        var x = Tensor.Randn([60, 4], generator: g);
        var labels = Enumerable.Range(0, 60).Select(i => i % 3).ToArray();
        // Shift each class along its own input so that the task is learnable.
        var shift = Tensor.FromArray(labels.SelectMany(l => Enumerable.Range(0, 4).Select(j => j == l ? 2f : 0f)).ToArray(), 60, 4);
        return new TensorDataset(x + shift, labels);
    }

    private static float[][] Values(ModuleBase module, string prefix) =>
        [.. module.NamedParameters().Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.Value.ToArray())];

    private static void Fit(Module net, Optimizer optimizer, int seed) =>
        Trainer.Fit(net, new CrossEntropyLoss(), optimizer, Blobs(seed), new FitOptions { Epochs = 3, BatchSize = 10, Generator = new Generator(seed) });

    [Fact]
    public void AFrozenBodyStaysBitIdenticalUnderFitWithMomentumAndWeightDecayWhileTheHeadLearns()
    {
        var net = BodyAndHead(1).Freeze("body");
        var body = Values(net, "body.");
        var head = Values(net, "head.");

        // Weight decay and momentum would move a parameter even with a zero gradient: frozen ones must be skipped outright.
        Fit(net, new SGD(net.Parameters(), learningRate: 0.1, momentum: 0.9, weightDecay: 0.01), seed: 2);
        Assert.Equal(body, Values(net, "body."));
        Assert.All(head.Zip(Values(net, "head.")), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.All(net.NamedParameters().Where(p => p.Key.StartsWith("body.", StringComparison.Ordinal)), p => Assert.Null(p.Value.Grad));
    }

    [Fact]
    public void UnfreezingPartOfTheBodyResumesTrainingThereOnly()
    {
        var net = BodyAndHead(3).Freeze("body");
        var adam = new Adam(net.Parameters(), learningRate: 0.01);
        Fit(net, adam, seed: 4);
        var first = Values(net, "body.0.");
        var second = Values(net, "body.2.");

        net.Unfreeze("body.2");
        Fit(net, adam, seed: 5);
        Assert.Equal(first, Values(net, "body.0."));
        Assert.All(second.Zip(Values(net, "body.2.")), pair => Assert.NotEqual(pair.First, pair.Second));

        net.Unfreeze();
        Fit(net, adam, seed: 6);
        Assert.All(first.Zip(Values(net, "body.0.")), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void ASingleParameterCanBeFrozenAndTheSummaryCountsWhatIsFrozen()
    {
        var net = BodyAndHead(7).Freeze("body.0", "head.bias");
        Assert.False(((Linear)net[1]).Bias!.RequiresGrad);
        Assert.True(((Linear)net[1]).Weight.RequiresGrad);
        var summary = Summary.Create(net, [1, 4]);
        long frozen = (4 * 8) + 8 + 3;
        Assert.Equal(net.ParameterCount - frozen, summary.TrainableParameters);
        Assert.Contains($"Non-trainable parameters: {frozen}", summary.ToString());
    }

    [Fact]
    public void FreezingAnUnknownNameListsTheNamesAndChangesNothing()
    {
        var net = BodyAndHead(8);
        var e = Assert.Throws<ArgumentException>(() => net.Freeze("body", "neck"));
        Assert.Contains("no sub-module or parameter named 'neck'", e.Message);
        Assert.Contains("body, body.0, body.1, body.2, body.3, head", e.Message);
        Assert.Contains("head.bias", e.Message);
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void ANewHeadReplacesTheOldOneInPlaceAndTrainsAloneOnAFrozenBody()
    {
        var net = BodyAndHead(9);
        var g = new Generator(10);
        var old = net.Replace("head", new Linear(8, 5, generator: g));
        Assert.Equal(3, ((Linear)old).Config.OutFeatures);
        Assert.Equal(["body", "head"], net.NamedChildren().Select(c => c.Key));
        Assert.Equal(new Shape(5, 8), net.StateDict()["head.weight"].Shape);
        Assert.Equal(new Shape(7, 5), net.Forward(Tensor.Zeros([7, 4])).Shape);

        var plain = new Sequential(new Linear(4, 8, generator: g), new ReLU(), new Linear(8, 3, generator: g));
        var head = new Linear(8, 2, generator: g);
        plain[-1] = head;
        Assert.Same(head, plain[2]);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], plain.StateDict().Keys);
        Assert.Throws<ArgumentOutOfRangeException>(() => plain[3] = head);
        Assert.Contains("the children are body, head", Assert.Throws<ArgumentException>(() => net.Replace("tail", head)).Message);
    }
}
