namespace NeuralSharp.Tests.Tensors;

/// <summary>
/// Which input a max-pool output and its gradient come from: the first largest tap in row-major order, a NaN
/// over any number, as in PyTorch. Checked against a plain loop over every window, on inputs full of ties
/// (ReLU's zeros, repeated values, -0 beside +0) and NaNs, for windows inside the plane, at padded borders, and
/// overlapping, in float32 and float64.
/// </summary>
public sealed class MaxPoolWinnerTests
{
    // Side 11 leaves an odd last row and column out of the 2 x 2 windows; 12 and 40 (two runs of 16 windows a row) do not.
    public static TheoryData<int, int, int, int, bool, int> Geometries => new()
    {
        { 2, 2, 0, 1, false, 11 },
        { 2, 2, 0, 1, false, 12 },
        { 2, 2, 0, 1, false, 40 },
        { 3, 2, 1, 1, false, 11 },
        { 3, 1, 1, 1, false, 11 },
        { 2, 2, 0, 1, true, 11 },
        { 3, 2, 1, 2, true, 11 },
        { 9, 1, 0, 1, false, 11 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void OutputsAndGradientsComeFromTheFirstLargestTap(int kernel, int stride, int padding, int dilation, bool ceilMode, int side)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var values = TiedValues(2 * 3 * side * side, seed: kernel + (10 * stride) + (100 * padding));
            var x = Tensor.FromArray(values, 2, 3, side, side).To(dtype);
            x.RequiresGrad = true;
            var y = Tensor.MaxPool2d(x, (kernel, kernel), (stride, stride), (padding, padding), (dilation, dilation), ceilMode);
            var (oh, ow) = (y.Size(2), y.Size(3));

            var dy = Enumerable.Range(1, y.Count).Select(i => (double)i).ToArray();
            y.Backward(Tensor.FromArray(dy, y.Dims.ToArray()).To(dtype));
            var expectedY = new double[y.Count];
            var expectedDx = new double[x.Count];
            var o = 0;
            for (var plane = 0; plane < 6; plane++)
            {
                for (var oy = 0; oy < oh; oy++)
                {
                    for (var ox = 0; ox < ow; ox++, o++)
                    {
                        var at = -1;
                        for (var i = 0; i < kernel; i++)
                        {
                            for (var j = 0; j < kernel; j++)
                            {
                                int r = (oy * stride) - padding + (i * dilation), c = (ox * stride) - padding + (j * dilation);
                                if (r < 0 || c < 0 || r >= side || c >= side)
                                {
                                    continue;
                                }

                                var index = (plane * side * side) + (r * side) + c;
                                if (at < 0 || values[index] > values[at] || (double.IsNaN(values[index]) && !double.IsNaN(values[at])))
                                {
                                    at = index;
                                }
                            }
                        }

                        expectedY[o] = values[at];
                        expectedDx[at] += dy[o];
                    }
                }
            }

            Assert.Equal(expectedY, y.ToDoubleArray());
            Assert.Equal(expectedDx, x.Grad!.ToDoubleArray());
        }
    }

    // Mostly zeros (as after a ReLU), some repeated small integers, a few -0s and NaNs: ties in most windows.
    private static double[] TiedValues(int count, int seed)
    {
        var g = new Generator(seed);
        return [.. Enumerable.Range(0, count).Select(_ => g.NextInt(20) switch
        {
            < 10 => 0.0,
            10 => -0.0,
            11 => double.NaN,
            var k => k % 4,
        })];
    }
}
