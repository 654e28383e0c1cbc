using NeuralSharp.Demos;

namespace NeuralSharp.Tests.Training;

public class DemoTests
{
    [Fact]
    public void OverfittingDemoShowsTrainingErrorFallingAndValidationErrorRising()
    {
        var result = OverfittingDemo.Run();
        var rows = result.Rows;
        Assert.Equal(Enumerable.Range(0, 13), rows.Select(r => r.Value));
        for (var d = 1; d < rows.Count; d++)
        {
            // A higher degree can fit everything a lower one can, so its least-squares error is no larger.
            Assert.True(rows[d].TrainError <= rows[d - 1].TrainError + 1e-9, $"d={d}: {rows[d].TrainError} > {rows[d - 1].TrainError}");
        }

        Assert.NotEqual(0, result.Best);
        Assert.NotEqual(12, result.Best);
        var best = rows.Single(r => r.Value == result.Best).ValidationError;
        Assert.Equal(rows.Min(r => r.ValidationError), best);
        Assert.True(rows[^1].ValidationError > best, $"max degree {rows[^1].ValidationError} vs best {best}");
        Assert.True(rows[0].ValidationError > best);
        Assert.Contains("<- lowest validation error", result.ToTable());
    }

    [Fact]
    public void FitPolynomialRecoversAnExactPolynomial()
    {
        var x = new[] { -1.0, -0.5, 0, 0.5, 1, 1.5 };
        var y = x.Select(v => 1 - (2 * v) + (3 * v * v)).ToArray();
        var w = OverfittingDemo.FitPolynomial(2, x, y);
        Assert.Equal(1, w[0], 1e-6);
        Assert.Equal(-2, w[1], 1e-6);
        Assert.Equal(3, w[2], 1e-6);
    }

    [Fact]
    public void HandSetXorNetworkComputesXor()
    {
        var rows = XorDemo.TruthTable(XorDemo.HandSet());
        Assert.Equal(4, rows.Count);
        foreach (var r in rows)
        {
            Assert.Equal((float)((int)r.X1 ^ (int)r.X2), r.Expected);
            Assert.True(Math.Abs(r.Output - r.Expected) < 0.01, $"xor({r.X1}, {r.X2}) = {r.Output}");
        }
    }

    [Fact]
    public void TrainedXorNetworkLearnsXor()
    {
        var (net, epochs, loss) = XorDemo.Train();
        Assert.True(loss < 1e-3, $"loss {loss} after {epochs} epochs");
        Assert.True(epochs < 20_000);
        Assert.All(XorDemo.TruthTable(net), r => Assert.Equal(r.Expected, MathF.Round(r.Output)));
    }
}
