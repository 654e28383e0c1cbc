namespace NeuralSharp.Backends.Cpu;

/// <summary>Storage in a managed <c>float[]</c> or <c>double[]</c>, collected by the GC like any object.</summary>
internal sealed class CpuStorage : Storage
{
    public CpuStorage(Array array)
    {
        Array = array;
        DType = array is double[]? DType.Float64 : DType.Float32;
    }

    /// <summary>The elements: a <c>float[]</c> for <see cref="DType.Float32"/>, a <c>double[]</c> for <see cref="DType.Float64"/>.</summary>
    public Array Array { get; }

    /// <inheritdoc/>
    public override IBackend Backend => CpuBackend.Instance;

    /// <inheritdoc/>
    public override DType DType { get; }

    /// <inheritdoc/>
    public override int Length => Array.Length;

    /// <summary>A new storage of <paramref name="length"/> elements whose contents are undefined.</summary>
    public static CpuStorage Uninitialized(int length, DType dtype) => new(dtype == DType.Float32
        ? GC.AllocateUninitializedArray<float>(length)
        : GC.AllocateUninitializedArray<double>(length));

    /// <summary>A new storage of <paramref name="length"/> zeros.</summary>
    public static CpuStorage Zeroed(int length, DType dtype) => new(dtype == DType.Float32 ? new float[length] : new double[length]);
}
