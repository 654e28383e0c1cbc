using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

/// <summary>
/// The 2 x 2, stride-2 max pooling of one float plane (and its gradient) with AVX-512, 16 windows per step: the two input
/// rows of 32 floats are split into even and odd columns by two-source permutes, so each window's four taps sit in the
/// same lane of four vectors and the max, the winner and the gradient are lane-wise. Rows of any width take masked loads
/// and stores, so nothing is read or written outside the plane's rows.
/// </summary>
/// <remarks>The results equal <see cref="MaxPoolKernels"/>' scalar path bit for bit: the same IEEE maximum
/// (<see cref="Vector512.Max{T}(Vector512{T}, Vector512{T})"/> propagates NaNs and orders -0 below +0, as float.Max does),
/// the same first-tap rule, and the gradient written as 0 + dy at the winner and +0 elsewhere.</remarks>
internal static unsafe class MaxPool2x2Avx512
{
    /// <summary>True where the kernels run.</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>y [outHeight, outWidth] = the max (with <paramref name="relu"/>, max(0, max)) of each 2 x 2 window of x (rows of <paramref name="width"/>).</summary>
    public static void Forward(float* x, int width, int outHeight, int outWidth, float* y, bool relu)
    {
        var (even, odd) = (EvenIndices(), OddIndices());
        for (var oy = 0; oy < outHeight; oy++)
        {
            var top = x + (2 * oy * width);
            for (var ox = 0; ox < outWidth; ox += 16)
            {
                var count = Math.Min(16, outWidth - ox);
                Taps(top + (2 * ox), width, count, even, odd, out var a, out var b, out var c, out var d);
                var best = Vector512.Max(Vector512.Max(a, b), Vector512.Max(c, d));
                if (relu)
                {
                    best = Vector512.Max(best, Vector512<float>.Zero);
                }

                Avx512F.MaskStore(y + (oy * outWidth) + ox, Mask(count), best);
            }
        }
    }

    /// <summary>
    /// dx (rows of <paramref name="width"/>, the windows' inputs overwritten) = dy [outHeight, outWidth] at each window's first
    /// largest tap (or first NaN), zero at its other taps; with <paramref name="relu"/>, zero where the window's max is not above zero.
    /// </summary>
    public static void ToInputs(float* x, float* dy, int width, int outHeight, int outWidth, float* dx, bool relu)
    {
        var (even, odd) = (EvenIndices(), OddIndices());
        var (low, high) = (LowInterleave(), HighInterleave());
        for (var oy = 0; oy < outHeight; oy++)
        {
            var row = 2 * oy * width;
            for (var ox = 0; ox < outWidth; ox += 16)
            {
                var count = Math.Min(16, outWidth - ox);
                var at = row + (2 * ox);
                Taps(x + at, width, count, even, odd, out var a, out var b, out var c, out var d);
                var best = Vector512.Max(Vector512.Max(a, b), Vector512.Max(c, d));
                var e0 = Vector512.Equals(a, best) | ~Vector512.Equals(a, a);
                var e1 = Vector512.Equals(b, best) | ~Vector512.Equals(b, b);
                var e2 = Vector512.Equals(c, best) | ~Vector512.Equals(c, c);
                var g = Avx512F.MaskLoad(dy + (oy * outWidth) + ox, Mask(count), Vector512<float>.Zero) + Vector512<float>.Zero;
                if (relu)
                {
                    g &= Vector512.GreaterThan(best, Vector512<float>.Zero);
                }

                var g0 = g & e0;
                var g1 = Vector512.AndNot(g & e1, e0);
                var g2 = Vector512.AndNot(Vector512.AndNot(g & e2, e0), e1);
                var g3 = Vector512.AndNot(Vector512.AndNot(Vector512.AndNot(g, e0), e1), e2);
                var (lowMask, highMask) = (Mask(Math.Min(16, 2 * count)), Mask((2 * count) - 16));
                Avx512F.MaskStore(dx + at, lowMask, Avx512F.PermuteVar16x32x2(g0, low, g1));
                Avx512F.MaskStore(dx + at + 16, highMask, Avx512F.PermuteVar16x32x2(g0, high, g1));
                Avx512F.MaskStore(dx + at + width, lowMask, Avx512F.PermuteVar16x32x2(g2, low, g3));
                Avx512F.MaskStore(dx + at + width + 16, highMask, Avx512F.PermuteVar16x32x2(g2, high, g3));
            }
        }
    }

    /// <summary>The four taps of <paramref name="count"/> windows from <paramref name="top"/>: top-left, top-right, bottom-left, bottom-right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Taps(float* top, int width, int count, Vector512<int> even, Vector512<int> odd, out Vector512<float> a, out Vector512<float> b, out Vector512<float> c, out Vector512<float> d)
    {
        var (lowMask, highMask) = (Mask(Math.Min(16, 2 * count)), Mask((2 * count) - 16));
        var zero = Vector512<float>.Zero;
        Vector512<float> t0 = Avx512F.MaskLoad(top, lowMask, zero), t1 = Avx512F.MaskLoad(top + 16, highMask, zero);
        Vector512<float> b0 = Avx512F.MaskLoad(top + width, lowMask, zero), b1 = Avx512F.MaskLoad(top + width + 16, highMask, zero);
        a = Avx512F.PermuteVar16x32x2(t0, even, t1);
        b = Avx512F.PermuteVar16x32x2(t0, odd, t1);
        c = Avx512F.PermuteVar16x32x2(b0, even, b1);
        d = Avx512F.PermuteVar16x32x2(b0, odd, b1);
    }

    /// <summary>All ones in the first <paramref name="count"/> lanes (none for a count of 0 or less).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Mask(int count) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

    private static Vector512<int> EvenIndices() => Vector512<int>.Indices * 2;

    private static Vector512<int> OddIndices() => (Vector512<int>.Indices * 2) + Vector512<int>.One;

    // Lane 2k takes even[k], lane 2k + 1 takes odd[k] (index 16 + k), for k in [0, 8) and [8, 16).
    private static Vector512<int> LowInterleave() => Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);

    private static Vector512<int> HighInterleave() => Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}
