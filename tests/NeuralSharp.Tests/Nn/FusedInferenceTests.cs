using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>Sequential fuses a Linear and the ReLU after it when no gradient is recorded: the same values, one pass.</summary>
public class FusedInferenceTests
{
    private static Sequential Mlp(int seed)
    {
        var g = new Generator(seed);
        return new Sequential(
            new Linear(30, 64, generator: g), new ReLU(),
            new Linear(64, 40, generator: g), new ReLU(), new ReLU(),
            new Linear(40, 10, generator: g), new Tanh(),
            new Linear(10, 5, generator: g), new ReLU());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300)]
    public void NoGradForwardEqualsTheRecordedForwardBitForBit(int batch)
    {
        var model = Mlp(3);
        var x = Tensor.Randn([batch, 30], generator: new Generator(4));
        var recorded = model.Forward(x).ToArray(); // the parameters require gradients: recorded, unfused
        float[] fused;
        using (GradMode.NoGrad())
        {
            fused = model.Forward(x).ToArray();
        }

        Assert.Equal(recorded.Select(BitConverter.SingleToInt32Bits), fused.Select(BitConverter.SingleToInt32Bits));
        Assert.Contains(recorded, v => v == 0f); // the ReLUs were active
    }

    [Fact]
    public void HooksStillSeeEveryLayerWithoutGradients()
    {
        var model = Mlp(5);
        var seen = new List<string>();
        using var linear = ((Linear)model[0]).RegisterForwardHook((_, _, output) => seen.Add($"linear {output.Shape}"));
        using var relu = ((ReLU)model[1]).RegisterForwardHook((_, input, output) => seen.Add(input.ToArray().Any(v => v < 0) && !output.ToArray().Any(v => v < 0) ? "relu" : "relu saw no negatives"));
        using (GradMode.NoGrad())
        {
            model.Forward(Tensor.Randn([4, 30], generator: new Generator(6)));
        }

        Assert.Equal(["linear [4, 64]", "relu"], seen);
    }
}
