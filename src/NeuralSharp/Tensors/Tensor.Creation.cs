namespace NeuralSharp;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(Shape shape, DType dtype = DType.Float32) => ZerosOf(shape.ToArray(), dtype);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(Shape shape, DType dtype = DType.Float32) => Full(shape, 1.0, dtype);

    /// <summary>A tensor filled with one value.</summary>
    public static Tensor Full(Shape shape, double value, DType dtype = DType.Float32)
    {
        var t = Empty(shape.ToArray(), dtype);
        t.Fill(value);
        return t;
    }

    /// <summary>A tensor of zeros with the shape and type of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like) => ZerosOf((int[])like.Dims.Clone(), like.DType);

    /// <summary>A tensor of ones with the shape and type of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like) => Full(like.Shape, 1.0, like.DType);

    /// <summary>A zero-dimensional tensor holding one value.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32)
    {
        var t = Empty([], dtype);
        t.Backend.SetElement(t, 0, value);
        return t;
    }

    /// <summary>The identity matrix of size n x n.</summary>
    public static Tensor Eye(int n, DType dtype = DType.Float32)
    {
        var t = ZerosOf([n, n], dtype);
        for (var i = 0; i < n; i++)
        {
            t.Backend.SetElement(t, (i * n) + i, 1.0);
        }

        return t;
    }

    /// <summary>Values start, start + step, ... below end (PyTorch's <c>arange</c>).</summary>
    public static Tensor Arange(double start, double end, double step = 1.0, DType dtype = DType.Float32)
    {
        if (step == 0 || double.IsNaN(step) || (end - start) / step < 0)
        {
            throw new ArgumentException($"arange: no progress from {start} to {end} with step {step}");
        }

        var n = (int)Math.Ceiling((end - start) / step);
        var t = Empty([n], dtype);
        for (var i = 0; i < n; i++)
        {
            t.Backend.SetElement(t, i, start + (i * step));
        }

        return t;
    }

    /// <summary>Values 0, 1, ..., n-1.</summary>
    public static Tensor Arange(int n, DType dtype = DType.Float32) => Arange(0, n, 1, dtype);

    /// <summary><paramref name="count"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor Linspace(double start, double end, int count, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var t = Empty([count], dtype);
        for (var i = 0; i < count; i++)
        {
            t.Backend.SetElement(t, i, count == 1 ? start : start + ((end - start) * i / (count - 1)));
        }

        return t;
    }

    /// <summary>A float tensor holding a copy of <paramref name="data"/>; the shape defaults to a vector.</summary>
    public static Tensor FromArray(float[] data, params int[] shape) => FromSpan<float>(data, shape);

    /// <summary>A double tensor holding a copy of <paramref name="data"/>; the shape defaults to a vector.</summary>
    public static Tensor FromArray(double[] data, params int[] shape) => FromSpan<double>(data, shape);

    /// <summary>A float matrix from a C# rectangular array.</summary>
    public static Tensor FromArray(float[,] data)
    {
        var t = Empty([data.GetLength(0), data.GetLength(1)], DType.Float32);
        var k = 0;
        foreach (var v in data)
        {
            t.Backend.SetElement(t, k++, v);
        }

        return t;
    }

    /// <summary>A double matrix from a C# rectangular array.</summary>
    public static Tensor FromArray(double[,] data)
    {
        var t = Empty([data.GetLength(0), data.GetLength(1)], DType.Float64);
        var k = 0;
        foreach (var v in data)
        {
            t.Backend.SetElement(t, k++, v);
        }

        return t;
    }

    /// <summary>Wraps <paramref name="data"/> without copying: the tensor and the array share elements.</summary>
    public static Tensor Wrap(float[] data, params int[] shape)
    {
        var dims = shape.Length == 0 ? [data.Length] : (int[])shape.Clone();
        CheckCount("wrap", data.Length, dims);
        return new Tensor(new Backends.Cpu.CpuStorage(data), 0, dims, ContiguousStrides(dims));
    }

    private static Tensor FromSpan<T>(ReadOnlySpan<T> data, int[] shape)
        where T : unmanaged
    {
        var dims = shape.Length == 0 ? [data.Length] : (int[])shape.Clone();
        CheckCount("from_array", data.Length, dims);
        var t = Empty(dims, typeof(T) == typeof(double) ? DType.Float64 : DType.Float32);
        t.Backend.Upload(data, t);
        return t;
    }

    private static void CheckCount(string op, int length, int[] dims)
    {
        var n = new Shape(dims).ElementCount;
        if (n != length)
        {
            throw new ArgumentException($"{op}: {length} values cannot fill shape {Shape.Format(dims)} ({n} elements)");
        }
    }

    /// <summary>Uniform samples in [low, high).</summary>
    public static Tensor Rand(Shape shape, double low = 0, double high = 1, Generator? generator = null, DType dtype = DType.Float32)
    {
        var g = generator ?? Generator.Default;
        return Fill(Empty(shape.ToArray(), dtype), () => low + ((high - low) * g.NextDouble()));
    }

    /// <summary>Normal samples with the given mean and standard deviation.</summary>
    public static Tensor Randn(Shape shape, double mean = 0, double std = 1, Generator? generator = null, DType dtype = DType.Float32)
    {
        var g = generator ?? Generator.Default;
        return Fill(Empty(shape.ToArray(), dtype), () => mean + (std * g.NextNormal()));
    }

    /// <summary>Fills a fresh contiguous tensor from a sampler, element by element in row-major order (so the sequence is the same for both types).</summary>
    private static Tensor Fill(Tensor t, Func<double> sample)
    {
        if (t.DType == DType.Float32)
        {
            Sample<float>(t, sample);
        }
        else
        {
            Sample<double>(t, sample);
        }

        return t;
    }

    private static void Sample<T>(Tensor t, Func<double> sample)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        // Drawn on the host into a pooled buffer (no allocation once warm), then uploaded.
        var host = System.Buffers.ArrayPool<T>.Shared.Rent(t.Count);
        for (var i = 0; i < t.Count; i++)
        {
            host[i] = T.CreateTruncating(sample());
        }

        t.Backend.Upload<T>(host.AsSpan(0, t.Count), t);
        System.Buffers.ArrayPool<T>.Shared.Return(host);
    }
}
