using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralSharp.Kernels;

/// <summary>
/// Hand-vectorised loops for the few element-wise functions TensorPrimitives has no single call for:
/// masks, selections and fused activation derivatives. <see cref="Vector{T}"/> is the hardware vector
/// the runtime picks (256 bits on x86 with AVX2 or AVX-512, 128 bits with NEON on ARM64; these loops
/// are memory-bound, so 512-bit registers would not make them faster); a scalar loop finishes the
/// tail and runs everything where nothing is accelerated.
/// </summary>
internal static class VectorLoops
{
    /// <summary>d = x &gt; 0 ? v : 0, the ReLU derivative applied to v.</summary>
    public static void ReluGrad<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var mask = Vector.GreaterThan(new Vector<T>(x[i..]), Vector<T>.Zero);
                Vector.ConditionalSelect(mask, new Vector<T>(v[i..]), Vector<T>.Zero).CopyTo(d[i..]);
            }
        }

        for (; i < d.Length; i++)
        {
            d[i] = x[i] > T.Zero ? v[i] : T.Zero;
        }
    }

    /// <summary>d = v * y * (1 - y), the sigmoid derivative (through its output y) applied to v.</summary>
    public static void SigmoidGrad<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var yv = new Vector<T>(y[i..]);
                (new Vector<T>(v[i..]) * yv * (Vector<T>.One - yv)).CopyTo(d[i..]);
            }
        }

        for (; i < d.Length; i++)
        {
            d[i] = v[i] * y[i] * (T.One - y[i]);
        }
    }

    /// <summary>d = v * (1 - y^2), the tanh derivative (through its output y) applied to v.</summary>
    public static void TanhGrad<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var yv = new Vector<T>(y[i..]);
                (new Vector<T>(v[i..]) * (Vector<T>.One - (yv * yv))).CopyTo(d[i..]);
            }
        }

        for (; i < d.Length; i++)
        {
            d[i] = v[i] * (T.One - (y[i] * y[i]));
        }
    }

    /// <summary>A 0/1 mask of a comparison, span against span or span against a scalar (broadcast when <paramref name="yScalar"/>).</summary>
    public static void Compare<T>(BinaryKind kind, ReadOnlySpan<T> x, bool xScalar, ReadOnlySpan<T> y, bool yScalar, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var a = xScalar ? new Vector<T>(x[0]) : new Vector<T>(x[i..]);
                var b = yScalar ? new Vector<T>(y[0]) : new Vector<T>(y[i..]);
                var mask = kind switch
                {
                    BinaryKind.Greater => Vector.GreaterThan(a, b),
                    BinaryKind.GreaterOrEqual => Vector.GreaterThanOrEqual(a, b),
                    BinaryKind.Less => Vector.LessThan(a, b),
                    BinaryKind.LessOrEqual => Vector.LessThanOrEqual(a, b),
                    BinaryKind.Equal => Vector.Equals(a, b),
                    BinaryKind.Add or BinaryKind.Subtract or BinaryKind.Multiply or BinaryKind.Divide or BinaryKind.Pow
                        or BinaryKind.Max or BinaryKind.Min => throw new ArgumentException($"{kind} is not a comparison", nameof(kind)),
                };
                Vector.ConditionalSelect(mask, Vector<T>.One, Vector<T>.Zero).CopyTo(d[i..]);
            }
        }

        for (; i < d.Length; i++)
        {
            d[i] = BinaryKernels.Scalar(kind, x[xScalar ? 0 : i], y[yScalar ? 0 : i]);
        }
    }

    /// <summary>d = m != 0 ? a : b, element by element (no arithmetic, so infinities in the unchosen side stay out).</summary>
    public static void Select<T>(ReadOnlySpan<T> m, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var keepB = Vector.Equals(new Vector<T>(m[i..]), Vector<T>.Zero);
                Vector.ConditionalSelect(keepB, new Vector<T>(b[i..]), new Vector<T>(a[i..])).CopyTo(d[i..]);
            }
        }

        for (; i < d.Length; i++)
        {
            d[i] = m[i] != T.Zero ? a[i] : b[i];
        }
    }

    /// <summary>x - x is 0 for every finite x and NaN for NaN and infinities: one vectorised sweep.</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && s.Length >= Vector<T>.Count)
        {
            // v - v is 0 for a finite v and NaN otherwise, and NaN survives the sums. Four independent sums, so
            // that the loop runs at the load rate rather than at one addition's latency per vector.
            var w = Vector<T>.Count;
            ref var first = ref MemoryMarshal.GetReference(s);
            Vector<T> acc0 = Vector<T>.Zero, acc1 = Vector<T>.Zero, acc2 = Vector<T>.Zero, acc3 = Vector<T>.Zero;
            for (; i <= s.Length - (4 * w); i += 4 * w)
            {
                var v0 = Vector.LoadUnsafe(ref first, (nuint)i);
                var v1 = Vector.LoadUnsafe(ref first, (nuint)(i + w));
                var v2 = Vector.LoadUnsafe(ref first, (nuint)(i + (2 * w)));
                var v3 = Vector.LoadUnsafe(ref first, (nuint)(i + (3 * w)));
                acc0 += v0 - v0;
                acc1 += v1 - v1;
                acc2 += v2 - v2;
                acc3 += v3 - v3;
            }

            for (; i <= s.Length - w; i += w)
            {
                var v = Vector.LoadUnsafe(ref first, (nuint)i);
                acc0 += v - v;
            }

            if (!Vector.EqualsAll((acc0 + acc1) + (acc2 + acc3), Vector<T>.Zero))
            {
                return false;
            }
        }

        for (; i < s.Length; i++)
        {
            if (!T.IsFinite(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}
