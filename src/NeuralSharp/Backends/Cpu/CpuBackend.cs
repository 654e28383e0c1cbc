using System.Numerics;
using NeuralSharp.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralSharp.Backends.Cpu;

/// <summary>
/// The CPU backend: managed arrays, TensorPrimitives and hand-vectorised loops (AVX-512, AVX2, NEON or
/// scalar, chosen at run time), and the packed multi-threaded GEMM. The kernels themselves live in
/// <c>Kernels/</c>; this class is where the float/double dispatch happens, once.
/// </summary>
internal sealed partial class CpuBackend : IBackend
{
    private CpuBackend()
    {
    }

    /// <summary>The one instance.</summary>
    public static CpuBackend Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "cpu";

    /// <inheritdoc/>
    public Storage Allocate(int length, DType dtype, bool zeroed) =>
        zeroed ? CpuStorage.Zeroed(length, dtype) : CpuStorage.Uninitialized(length, dtype);

    // ---- moving data -------------------------------------------------------------------------

    /// <inheritdoc/>
    public void Copy(Tensor src, Tensor dst) => CopyKernel.Copy(src, dst);

    /// <inheritdoc/>
    public void BroadcastCopy(Tensor src, Tensor dst) => CopyKernel.BroadcastCopy(src, dst);

    /// <inheritdoc/>
    public void Fill(Tensor dst, double value)
    {
        if (!dst.IsContiguous)
        {
            CopyKernel.BroadcastCopy(Tensor.Scalar(value, dst.DType), dst);
        }
        else if (dst.Buffer is float[] f)
        {
            var work = new FillWork<float>(f, dst.Offset, (float)value);
            RangeSplit.Run(dst.Count, ref work);
        }
        else
        {
            var work = new FillWork<double>((double[])dst.Buffer, dst.Offset, value);
            RangeSplit.Run(dst.Count, ref work);
        }
    }

    /// <inheritdoc/>
    public double GetElement(Tensor t, int storageIndex) =>
        t.Buffer is float[] f ? f[storageIndex] : ((double[])t.Buffer)[storageIndex];

    /// <inheritdoc/>
    public void SetElement(Tensor t, int storageIndex, double value)
    {
        if (t.Buffer is float[] f)
        {
            f[storageIndex] = (float)value;
        }
        else
        {
            ((double[])t.Buffer)[storageIndex] = value;
        }
    }

    /// <inheritdoc/>
    public void Download<T>(Tensor src, Span<T> dst)
        where T : unmanaged => Dense<T>(src).CopyTo(dst);

    /// <inheritdoc/>
    public void Upload<T>(ReadOnlySpan<T> src, Tensor dst)
        where T : unmanaged => src.CopyTo(Dense<T>(dst));

    // ---- element-wise ------------------------------------------------------------------------

    /// <inheritdoc/>
    public void Unary(UnaryKind kind, Tensor x, Tensor result)
    {
        var src = x.Dense();
        if (x.DType == DType.Float32)
        {
            var work = new UnaryWork<float>(kind, src, result);
            RangeSplit.Run(result.Count, ref work);
        }
        else
        {
            var work = new UnaryWork<double>(kind, src, result);
            RangeSplit.Run(result.Count, ref work);
        }
    }

    /// <inheritdoc/>
    public void ScaleByDerivative(UnaryKind kind, Tensor v, Tensor at, Tensor result)
    {
        var (vv, aa) = (v.Dense(), at.Dense());
        if (result.DType == DType.Float32)
        {
            var work = new DerivativeWork<float>(kind, vv, aa, result);
            RangeSplit.Run(result.Count, ref work);
        }
        else
        {
            var work = new DerivativeWork<double>(kind, vv, aa, result);
            RangeSplit.Run(result.Count, ref work);
        }
    }

    /// <inheritdoc/>
    public void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor result) => BinaryKernels.Apply(kind, a, b, result);

    /// <inheritdoc/>
    public void Clamp(Tensor x, double min, double max, Tensor result)
    {
        CopyKernel.Copy(x, result);
        if (result.DType == DType.Float32)
        {
            var s = Dense<float>(result);
            TP.Max(s, (float)min, s);
            TP.Min(s, (float)max, s);
        }
        else
        {
            var s = Dense<double>(result);
            TP.Max(s, min, s);
            TP.Min(s, max, s);
        }
    }

    /// <inheritdoc/>
    public void Select(Tensor mask, Tensor a, Tensor b, Tensor result)
    {
        if (result.DType == DType.Float32)
        {
            VectorLoops.Select(Dense<float>(mask), Dense<float>(a), Dense<float>(b), Dense<float>(result));
        }
        else
        {
            VectorLoops.Select(Dense<double>(mask), Dense<double>(a), Dense<double>(b), Dense<double>(result));
        }
    }

    /// <inheritdoc/>
    public void AddScaled(Tensor target, Tensor other, double alpha)
    {
        if (target.DType == DType.Float32)
        {
            var work = new AddScaledWork<float>(target, other, (float)alpha, alpha == 1.0);
            RangeSplit.Run(target.Count, ref work);
        }
        else
        {
            var work = new AddScaledWork<double>(target, other, alpha, false);
            RangeSplit.Run(target.Count, ref work);
        }
    }

    /// <inheritdoc/>
    public void Scale(Tensor target, double factor)
    {
        if (target.DType == DType.Float32)
        {
            var work = new ScaleWork<float>(target, (float)factor);
            RangeSplit.Run(target.Count, ref work);
        }
        else
        {
            var work = new ScaleWork<double>(target, factor);
            RangeSplit.Run(target.Count, ref work);
        }
    }

    // ---- reductions --------------------------------------------------------------------------

    /// <inheritdoc/>
    public void Sum(Tensor x, int axis, Tensor result) => ReduceKernels.Sum(x.Dense(), axis, result);

    /// <inheritdoc/>
    public void Max(Tensor x, int axis, Tensor values, int[] indices) => ReduceKernels.Max(x.Dense(), axis, values, indices);

    /// <inheritdoc/>
    public double SumOfPowers(Tensor x, double p)
    {
        var c = x.Dense();
        return c.DType == DType.Float32 ? SumOfPowers(Dense<float>(c), p) : SumOfPowers(Dense<double>(c), p);
    }

    /// <inheritdoc/>
    public unsafe bool AllFinite(Tensor x)
    {
        var c = x.Dense();
        var notFinite = 0;
        if (c.DType == DType.Float32)
        {
            var work = new AllFiniteWork<float>((float[])c.Buffer, c.Offset, &notFinite);
            RangeSplit.Run(c.Count, ref work);
        }
        else
        {
            var work = new AllFiniteWork<double>((double[])c.Buffer, c.Offset, &notFinite);
            RangeSplit.Run(c.Count, ref work);
        }

        return notFinite == 0;
    }

    /// <inheritdoc/>
    public double CrossEntropy(Tensor logits, int[]? labels, Tensor? target, Tensor shift, Tensor logSum, Tensor loss)
    {
        var (z, p) = (logits.Dense(), target?.Dense());
        return z.DType == DType.Float32
            ? CrossEntropyKernels.Forward<float>(Dense<float>(z), labels, p is null ? default : Dense<float>(p), Dense<float>(shift), Dense<float>(logSum), Dense<float>(loss))
            : CrossEntropyKernels.Forward<double>(Dense<double>(z), labels, p is null ? default : Dense<double>(p), Dense<double>(shift), Dense<double>(logSum), Dense<double>(loss));
    }

    /// <inheritdoc/>
    public void SoftmaxMinusTarget(Tensor logits, Tensor shift, Tensor logSum, int[]? labels, Tensor? target, Tensor weights, Tensor grad)
    {
        var (z, p, w) = (logits.Dense(), target?.Dense(), weights.Dense());
        if (z.DType == DType.Float32)
        {
            CrossEntropyKernels.SoftmaxMinusTarget<float>(Dense<float>(z), Dense<float>(shift), Dense<float>(logSum), labels, p is null ? default : Dense<float>(p), Dense<float>(w), Dense<float>(grad));
        }
        else
        {
            CrossEntropyKernels.SoftmaxMinusTarget<double>(Dense<double>(z), Dense<double>(shift), Dense<double>(logSum), labels, p is null ? default : Dense<double>(p), Dense<double>(w), Dense<double>(grad));
        }
    }

    // ---- products ----------------------------------------------------------------------------

    /// <inheritdoc/>
    public void MatMul(Tensor a, Tensor b, Tensor result) => MatMulKernel.Multiply(a, b, result);

    /// <inheritdoc/>
    public void LinearForward(Tensor x, Tensor w, Tensor? bias, Tensor y, GemmActivation activation = GemmActivation.None)
    {
        int inFeatures = w.Dims[1], outFeatures = w.Dims[0];
        var rows = inFeatures == 0 ? 0 : x.Count / inFeatures;
        if (y.DType == DType.Float32)
        {
            Gemm.LinearForward(rows, outFeatures, inFeatures, Dense<float>(x), Dense<float>(w), bias is null ? default : Dense<float>(bias), activation, Dense<float>(y));
            return;
        }

        // Double precision (gradient checks) keeps the plain path: the bias broadcast into y, the product accumulated onto it.
        if (bias is not null)
        {
            BroadcastCopy(bias, y);
        }

        Gemm.Multiply(false, true, rows, outFeatures, inFeatures, 1d, Dense<double>(x), inFeatures, Dense<double>(w), inFeatures, bias is null ? 0d : 1d, Dense<double>(y), outFeatures);
        if (activation == GemmActivation.Relu)
        {
            var values = Dense<double>(y);
            TP.Max(values, 0d, values);
        }
    }

    // ---- indexing ----------------------------------------------------------------------------

    /// <inheritdoc/>
    public void Gather(Tensor x, int axis, ReadOnlySpan<int> indices, Tensor result)
    {
        var src = x.Dense();
        if (result.DType == DType.Float32)
        {
            IndexKernels.Gather(Dense<float>(src), src.Dims, axis, indices, Dense<float>(result));
        }
        else
        {
            IndexKernels.Gather(Dense<double>(src), src.Dims, axis, indices, Dense<double>(result));
        }
    }

    /// <inheritdoc/>
    public void ScatterAdd(Tensor values, int axis, ReadOnlySpan<int> indices, Tensor result)
    {
        var v = values.Dense();
        if (result.DType == DType.Float32)
        {
            IndexKernels.ScatterAdd(Dense<float>(v), result.Dims, axis, indices, Dense<float>(result));
        }
        else
        {
            IndexKernels.ScatterAdd(Dense<double>(v), result.Dims, axis, indices, Dense<double>(result));
        }
    }

    /// <inheritdoc/>
    public void IndexSelect(Tensor x, int axis, ReadOnlySpan<int> indices, Tensor result)
    {
        var src = x.Dense();
        if (result.DType == DType.Float32)
        {
            IndexKernels.IndexSelect(Dense<float>(src), src.Dims, axis, indices, Dense<float>(result));
        }
        else
        {
            IndexKernels.IndexSelect(Dense<double>(src), src.Dims, axis, indices, Dense<double>(result));
        }
    }

    /// <inheritdoc/>
    public void IndexAdd(Tensor values, int axis, ReadOnlySpan<int> indices, Tensor result)
    {
        var v = values.Dense();
        if (result.DType == DType.Float32)
        {
            IndexKernels.IndexAdd(Dense<float>(v), result.Dims, axis, indices, Dense<float>(result));
        }
        else
        {
            IndexKernels.IndexAdd(Dense<double>(v), result.Dims, axis, indices, Dense<double>(result));
        }
    }

    // ---- convolution ------------------------------------------------------------------------

    /// <inheritdoc/>
    public void Im2Col(Tensor input, in ConvGeometry geometry, Tensor columns)
    {
        var x = input.Dense();
        if (x.DType == DType.Float32)
        {
            Im2Col<float>(x, geometry, columns);
        }
        else
        {
            Im2Col<double>(x, geometry, columns);
        }
    }

    /// <inheritdoc/>
    public void Col2Im(Tensor columns, in ConvGeometry geometry, Tensor result)
    {
        var c = columns.Dense();
        if (result.DType == DType.Float32)
        {
            Col2Im<float>(c, geometry, result);
        }
        else
        {
            Col2Im<double>(c, geometry, result);
        }
    }

    private static void Im2Col<T>(Tensor x, in ConvGeometry g, Tensor columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One image after another: the images are independent, so they could be split across threads later.
        Span<T> src = x.Elements<T>(), dst = Dense<T>(columns);
        int image = g.Channels * g.Height * g.Width, column = g.PatchSize * g.OutHeight * g.OutWidth;
        for (var n = 0; n < x.Dims[0]; n++)
        {
            ConvKernels.Im2Col<T>(src.Slice(n * image, image), g, dst.Slice(n * column, column));
        }
    }

    private static void Col2Im<T>(Tensor columns, in ConvGeometry g, Tensor result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> src = columns.Elements<T>(), dst = Dense<T>(result);
        int image = g.Channels * g.Height * g.Width, column = g.PatchSize * g.OutHeight * g.OutWidth;
        for (var n = 0; n < result.Dims[0]; n++)
        {
            ConvKernels.Col2Im<T>(src.Slice(n * column, column), g, dst.Slice(n * image, image));
        }
    }

    private static Span<T> Dense<T>(Tensor t) => t.Elements<T>();

    private static double SumOfPowers<T>(ReadOnlySpan<T> values, double p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Sums run in double so that the norm of millions of float32 values does not lose digits.
        var total = 0.0;
        foreach (var v in values)
        {
            var a = Math.Abs(double.CreateTruncating(v));
            total = double.IsPositiveInfinity(p) ? Math.Max(total, a)
                : p == 2 ? total + (a * a)
                : total + Math.Pow(a, p);
        }

        return total;
    }

}
