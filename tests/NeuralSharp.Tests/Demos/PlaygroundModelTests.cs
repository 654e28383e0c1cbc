using NeuralSharp.Data;
using NeuralSharp.Demos;

namespace NeuralSharp.Tests.Demos;

public class PlaygroundModelTests
{
    /// <summary>What the browser test sets on the page for XOR: the plain x1, x2 inputs, so the hidden layers must find the product.</summary>
    public static readonly PlaygroundSettings Xor = new() { Dataset = PlaneDataset.Xor, Hidden = [8, 4], Optimizer = "adam", LearningRate = 0.03 };

    [Fact]
    public void XorIsLearntToATestLossUnderFiveHundredthsInTwoThousandUpdates()
    {
        var model = new PlaygroundModel(Xor);
        var start = model.TestLoss;
        var updates = 0;
        while (model.TestLoss >= 0.05 && updates < 2000)
        {
            model.Step(50);
            updates += 50;
        }

        Assert.True(model.TestLoss < 0.05, $"test loss {model.TestLoss} after {updates} updates (from {start})");
        Assert.Equal(updates, model.Updates);
        Assert.Equal(updates * 10.0 / 250, model.Epochs, 12);
    }

    [Fact]
    public void TheSameSettingsGiveTheSameRunAndTheMapFollowsTheData()
    {
        var a = new PlaygroundModel(Xor);
        var b = new PlaygroundModel(Xor);
        a.Step(300);
        b.Step(300);
        Assert.Equal(a.TestLoss, b.TestLoss);
        var map = a.Probabilities(20);
        Assert.Equal(map, b.Probabilities(20));
        Assert.Equal(400, map.Length);

        // XOR's class 1 is where x1 x2 > 0: the top-right and bottom-left corners of the map (row 0 is x2 = 6).
        Assert.True(map[19] > 0.5 && map[380] > 0.5, $"top right {map[19]}, bottom left {map[380]}");
        Assert.True(map[0] < 0.5 && map[399] < 0.5, $"top left {map[0]}, bottom right {map[399]}");
        Assert.Equal(12, a.UnitOutputs(20).Count); // 8 + 4 hidden units
        Assert.All(a.UnitOutputs(20), u => Assert.Equal(400, u.Length));
    }

    [Fact]
    public void FeaturesAreComputedFromThePoint()
    {
        var points = Tensor.FromArray([2f, 3f], 1, 2);
        var all = Enum.GetValues<PlaneFeature>();
        var f = PlaygroundModel.Features(points, all).ToArray();
        Assert.Equal([2f, 3f, 4f, 9f, 6f, (float)Math.Sin(2), (float)Math.Sin(3)], f);
    }

    [Fact]
    public void RegularisationAndDropoutTrainAndBadSettingsAreNamed()
    {
        var model = new PlaygroundModel(Xor with { Regularization = Regularization.L1, RegularizationRate = 0.001, Dropout = 0.1, Features = [PlaneFeature.X1TimesX2], Hidden = [] });
        model.Step(500);
        Assert.True(model.TestLoss < 0.2, $"the x1 x2 feature alone separates XOR: test loss {model.TestLoss}");

        Assert.Contains("activation", Assert.Throws<ArgumentException>(() => new PlaygroundModel(Xor with { Activation = "swish" })).Message);
        Assert.Contains("feature", Assert.Throws<ArgumentException>(() => new PlaygroundModel(Xor with { Features = [] })).Message);
        Assert.Contains("hidden", Assert.Throws<ArgumentException>(() => new PlaygroundModel(Xor with { Hidden = [0] })).Message);
    }
}
