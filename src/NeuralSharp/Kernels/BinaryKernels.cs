using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralSharp.Kernels;

/// <summary>Element-wise functions of two broadcast tensors.</summary>
internal static class BinaryKernels
{
    /// <summary>Computes <c>kind(a, b)</c> broadcast to the shape of <paramref name="result"/> (contiguous).</summary>
    public static void Apply(BinaryKind kind, Tensor a, Tensor b, Tensor result)
    {
        if (result.DType == DType.Float32)
        {
            Apply<float>(kind, a, b, result);
        }
        else
        {
            Apply<double>(kind, a, b, result);
        }
    }

    private static void Apply<T>(BinaryKind kind, Tensor a, Tensor b, Tensor result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var av = (T[])a.Buffer;
        var bv = (T[])b.Buffer;
        var rv = (T[])result.Buffer;
        if (a.IsContiguous && b.IsContiguous && a.Count == result.Count && b.Count == result.Count)
        {
            var work = new SameShapeWork<T>(kind, av, a.Offset, bv, b.Offset, rv, result.Offset);
            RangeSplit.Run(result.Count, ref work);
            return;
        }

        var it = new StridedIterator(result.Dims, [a.Offset, b.Offset, result.Offset],
            Broadcasting.Strides(a, result.Dims), Broadcasting.Strides(b, result.Dims), result.Strides);
        var n = it.InnerLength;
        var (sa, sb) = (it.InnerStrides[0], it.InnerStrides[1]);
        if (sa > 1 || sb > 1 || it.InnerStrides[2] != 1)
        {
            // Strided inner runs (a transposed view): element by element.
            for (var r = 0; r < it.RunCount; r++)
            {
                for (var i = 0; i < n; i++)
                {
                    rv[it.Offsets[2] + (i * it.InnerStrides[2])] = Scalar(kind, av[it.Offsets[0] + (i * sa)], bv[it.Offsets[1] + (i * sb)]);
                }

                it.Advance();
            }

            return;
        }

        for (var r = 0; r < it.RunCount; r++)
        {
            Run(kind,
                sa == 0 ? av.AsSpan(it.Offsets[0], 1) : av.AsSpan(it.Offsets[0], n), sa == 0,
                sb == 0 ? bv.AsSpan(it.Offsets[1], 1) : bv.AsSpan(it.Offsets[1], n), sb == 0,
                rv.AsSpan(it.Offsets[2], n));
            it.Advance();
        }
    }

    /// <summary>One run: span-span, scalar-span or span-scalar, all vectorised by TensorPrimitives.</summary>
    private static void Run<T>(BinaryKind kind, ReadOnlySpan<T> x, bool xScalar, ReadOnlySpan<T> y, bool yScalar, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (xScalar && yScalar)
        {
            d.Fill(Scalar(kind, x[0], y[0]));
        }
        else if (yScalar)
        {
            var s = y[0];
            switch (kind)
            {
                case BinaryKind.Add: TP.Add(x, s, d); break;
                case BinaryKind.Subtract: TP.Subtract(x, s, d); break;
                case BinaryKind.Multiply: TP.Multiply(x, s, d); break;
                case BinaryKind.Divide: TP.Divide(x, s, d); break;
                case BinaryKind.Pow: TP.Pow(x, s, d); break;
                case BinaryKind.Max: TP.Max(x, s, d); break;
                case BinaryKind.Min: TP.Min(x, s, d); break;
                default: ScalarLoop(kind, x, false, y, true, d); break;
            }
        }
        else if (xScalar)
        {
            var s = x[0];
            switch (kind)
            {
                case BinaryKind.Add: TP.Add(y, s, d); break;
                case BinaryKind.Subtract: TP.Subtract(s, y, d); break;
                case BinaryKind.Multiply: TP.Multiply(y, s, d); break;
                case BinaryKind.Divide: TP.Divide(s, y, d); break;
                case BinaryKind.Pow: TP.Pow(s, y, d); break;
                case BinaryKind.Max: TP.Max(y, s, d); break;
                case BinaryKind.Min: TP.Min(y, s, d); break;
                default: ScalarLoop(kind, x, true, y, false, d); break;
            }
        }
        else
        {
            switch (kind)
            {
                case BinaryKind.Add: TP.Add(x, y, d); break;
                case BinaryKind.Subtract: TP.Subtract(x, y, d); break;
                case BinaryKind.Multiply: TP.Multiply(x, y, d); break;
                case BinaryKind.Divide: TP.Divide(x, y, d); break;
                case BinaryKind.Pow: TP.Pow(x, y, d); break;
                case BinaryKind.Max: TP.Max(x, y, d); break;
                case BinaryKind.Min: TP.Min(x, y, d); break;
                default: ScalarLoop(kind, x, false, y, false, d); break;
            }
        }
    }

    private static void ScalarLoop<T>(BinaryKind kind, ReadOnlySpan<T> x, bool xScalar, ReadOnlySpan<T> y, bool yScalar, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (kind is BinaryKind.Greater or BinaryKind.GreaterOrEqual or BinaryKind.Less or BinaryKind.LessOrEqual or BinaryKind.Equal)
        {
            VectorLoops.Compare(kind, x, xScalar, y, yScalar, d);
            return;
        }

        for (var i = 0; i < d.Length; i++)
        {
            d[i] = Scalar(kind, x[xScalar ? 0 : i], y[yScalar ? 0 : i]);
        }
    }

    /// <summary>The scalar definition of each kind; the vectorised paths must agree with it.</summary>
    public static T Scalar<T>(BinaryKind kind, T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => kind switch
        {
            BinaryKind.Add => x + y,
            BinaryKind.Subtract => x - y,
            BinaryKind.Multiply => x * y,
            BinaryKind.Divide => x / y,
            BinaryKind.Pow => T.Pow(x, y),
            BinaryKind.Max => T.Max(x, y),
            BinaryKind.Min => T.Min(x, y),
            BinaryKind.Greater => x > y ? T.One : T.Zero,
            BinaryKind.GreaterOrEqual => x >= y ? T.One : T.Zero,
            BinaryKind.Less => x < y ? T.One : T.Zero,
            BinaryKind.LessOrEqual => x <= y ? T.One : T.Zero,
            BinaryKind.Equal => x == y ? T.One : T.Zero,
        };

    /// <summary>A piece of a binary operation on two dense operands of the result's shape.</summary>
    private readonly struct SameShapeWork<T>(BinaryKind kind, T[] a, int ao, T[] b, int bo, T[] r, int ro) : IRangeWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int length) =>
            BinaryKernels.Run(kind, a.AsSpan(ao + start, length), false, b.AsSpan(bo + start, length), false, r.AsSpan(ro + start, length));
    }
}
