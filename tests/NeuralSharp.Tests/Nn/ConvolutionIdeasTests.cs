using NeuralSharp.Autograd;
using NeuralSharp.Data.Transforms;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>
/// The course's claims about convolution, through the public API: a convolution is translation
/// equivariant (a shifted input gives a shifted output, away from the border), and max pooling makes
/// the detector stage partly invariant (a one-pixel shift changes every detector value but only some
/// pooled ones).
/// </summary>
public class ConvolutionIdeasTests
{
    private const int Size = 12;

    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    [InlineData(1, -1)]
    public void ShiftingTheInputByOnePixelShiftsConv2dsOutputByOnePixelAwayFromTheBorder(int dx, int dy)
    {
        var conv = new Conv2d(2, 4, 3, padding: 1, generator: new Generator(1));
        var shape = new ImageShape(2, Size, Size);
        var image = Tensor.Rand([shape.Size], generator: new Generator(2)).ToArray();
        var shifted = new float[shape.Size];
        RandomShift.Shift(image, shifted, shape, dx, dy);

        var y = conv.Forward(Tensor.FromArray(image, 1, 2, Size, Size));
        var moved = conv.Forward(Tensor.FromArray(shifted, 1, 2, Size, Size));

        // Output (i, j) sees input rows i-1..i+1 and columns j-1..j+1; away from the border those are the same pixels moved.
        double largestChange = 0;
        for (var c = 0; c < 4; c++)
        {
            for (var i = 2; i < Size - 2; i++)
            {
                for (var j = 2; j < Size - 2; j++)
                {
                    Assert.Equal(y[0, c, i - dy, j - dx], moved[0, c, i, j], 5);
                    largestChange = Math.Max(largestChange, Math.Abs(moved[0, c, i, j] - y[0, c, i, j]));
                }
            }
        }

        // The claim is not that the output stays put: at a fixed place it does change.
        Assert.True(largestChange > 0.1, $"the output hardly moved ({largestChange})");
    }

    [Fact]
    public void AtTheBorderTheShiftedOutputIsNotTheOutputShifted()
    {
        // One wider image seen through two windows a pixel apart: the view moves right by one and a new column
        // comes in at the left, where the unshifted output saw zero padding. Equivariance holds only inside.
        var conv = new Conv2d(1, 1, 3, padding: 1, generator: new Generator(3));
        var wide = Tensor.Rand([1, 1, Size, Size + 1], 0.5, 1, new Generator(4));
        var y = conv.Forward(wide.Narrow(3, 1, Size).Contiguous());
        var moved = conv.Forward(wide.Narrow(3, 0, Size).Contiguous());
        for (var i = 1; i < Size - 1; i++)
        {
            Assert.Equal(y[0, 0, i, Size / 2], moved[0, 0, i, (Size / 2) + 1], 5);
        }

        var atBorder = Enumerable.Range(0, Size).Select(i => Math.Abs(moved[0, 0, i, 1] - y[0, 0, i, 0])).Max();
        Assert.True(atBorder > 1e-3, "the column next to the border matched though one saw padding where the other saw a pixel");
    }

    [Fact]
    public void AOnePixelShiftChangesEveryDetectorValueButOnlySomeAfterMaxPooling()
    {
        // Positive kernels on a positive image keep every ReLU detector active, so each detector value sees the shift.
        var conv = new Conv2d(1, 3, 3, generator: new Generator(5));
        using (GradMode.NoGrad())
        {
            conv.Weight.CopyFrom(conv.Weight.Abs());
            conv.Bias!.Zero();
        }

        var pool = new MaxPool2d(3, stride: 1, padding: 1);

        // One wider image seen through two windows one pixel apart: the whole input moves, nothing is padded in.
        var wide = Tensor.Rand([1, 1, Size + 2, Size + 3], generator: new Generator(6));
        var input = wide.Narrow(3, 1, Size + 2).Contiguous();
        var shiftedInput = wide.Narrow(3, 0, Size + 2).Contiguous();
        var detector = conv.Forward(input).Relu();
        var shiftedDetector = conv.Forward(shiftedInput).Relu();
        var pooled = pool.Forward(detector);
        var shiftedPooled = pool.Forward(shiftedDetector);

        var detectorChanged = FractionChanged(detector, shiftedDetector);
        var pooledChanged = FractionChanged(pooled, shiftedPooled);
        Assert.Equal(1.0, detectorChanged);
        Assert.InRange(pooledChanged, 0.05, 0.6);
    }

    private static double FractionChanged(Tensor a, Tensor b)
    {
        var x = a.ToArray();
        var y = b.ToArray();
        return x.Zip(y).Count(p => Math.Abs(p.First - p.Second) > 1e-6) / (double)x.Length;
    }
}
