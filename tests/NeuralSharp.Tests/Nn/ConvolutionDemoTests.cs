using NeuralSharp.Demos;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>Issue 11: the claims of <c>neuralsharp demo convolution</c>, on the numbers the demo prints.</summary>
public class ConvolutionDemoTests
{
    [Fact]
    public void AOnePixelShiftChangesEveryDetectorValueButOnlyAboutHalfThePooledOnes()
    {
        var pooledShare = new List<double>();
        for (var seed = 1; seed <= 12; seed++)
        {
            var rows = ConvolutionDemo.Pooling(seed, width: 8);
            Assert.Equal(8, rows.DetectorChanged);
            Assert.InRange(rows.PooledChanged, 1, 7);
            pooledShare.Add(rows.PooledChanged / 8.0);

            // The detector stage is equivariant: shifted unit i is unit i - 1 of the input.
            for (var i = 1; i < 8; i++)
            {
                Assert.Equal(rows.Detector[i - 1], rows.ShiftedDetector[i], 6);
            }

            // Pooling is the maximum over a window of 3, clipped at the ends.
            for (var i = 0; i < 8; i++)
            {
                var window = rows.Detector[Math.Max(0, i - 1)..Math.Min(8, i + 2)];
                Assert.Equal(window.Max(), rows.Pooled[i], 6);
            }
        }

        Assert.InRange(pooledShare.Average(), 0.3, 0.65);
    }

    [Fact]
    public void AConvolutionNeedsFarFewerParametersThanTheDenseLayerWithTheSameSizes()
    {
        var small = ConvolutionDemo.ParameterCounts(inChannels: 2, rows: 6, cols: 5, outChannels: 3, kernel: 3);
        Assert.Equal(new Shape(3, 6, 5), small.OutputShape);
        Assert.Equal(new Conv2d(2, 3, 3, padding: 1).ParameterCount, small.Convolution);
        Assert.Equal(new Linear(2 * 6 * 5, 3 * 6 * 5).ParameterCount, small.Dense);

        // LeNet's first layer: (5 x 5 x 1 + 1) x 6 shared weights against one per pixel pair.
        var lenet = ConvolutionDemo.ParameterCounts();
        Assert.Equal(((5 * 5 * 1) + 1) * 6, lenet.Convolution);
        Assert.Equal((784L * 4704) + 4704, lenet.Dense);

        // The convolution's count does not depend on the image size; the dense layer's grows with its square.
        var larger = ConvolutionDemo.ParameterCounts(rows: 56, cols: 56);
        Assert.Equal(lenet.Convolution, larger.Convolution);
        Assert.True(larger.Dense > 15 * lenet.Dense);
    }
}
