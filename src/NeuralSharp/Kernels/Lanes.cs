using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

/// <summary>
/// A vector of <see cref="Count"/> lanes of T, so that a kernel written once over TLanes runs on Vector512,
/// Vector256, Vector128 or one scalar lane, chosen at run time (<see cref="LaneWidth"/>): the JIT compiles a
/// separate body per struct type argument, so the abstraction costs nothing.
/// </summary>
internal interface ILanes<TSelf, T>
    where TSelf : struct, ILanes<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of lanes.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TSelf Zero { get; }

    /// <summary><see cref="Count"/> elements from <paramref name="source"/>, unaligned.</summary>
    static abstract TSelf Load(ref T source);

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TSelf Broadcast(T value);

    /// <summary>a b + c per lane, fused where the hardware has it.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>Writes all lanes to <paramref name="destination"/>.</summary>
    static abstract void Store(TSelf v, ref T destination);

    /// <summary>The lanes added in a fixed order.</summary>
    static abstract T Sum(TSelf v);
}

/// <summary>Which <see cref="ILanes{TSelf, T}"/> a kernel runs on this machine.</summary>
internal enum LaneWidth
{
    /// <summary>One scalar lane: no SIMD (DOTNET_EnableHWIntrinsic=0).</summary>
    Scalar,

    /// <summary><see cref="Vector128{T}"/>: SSE or AdvSimd.</summary>
    V128,

    /// <summary><see cref="Vector256{T}"/>: AVX2.</summary>
    V256,

    /// <summary><see cref="Vector512{T}"/>: AVX-512.</summary>
    V512,
}

/// <summary>The widest lanes this machine runs fast.</summary>
internal static class Lanes
{
    /// <summary>The widest accelerated vector width, or <see cref="LaneWidth.Scalar"/>.</summary>
    public static LaneWidth Widest =>
        Vector512.IsHardwareAccelerated ? LaneWidth.V512
        : Vector256.IsHardwareAccelerated ? LaneWidth.V256
        : Vector128.IsHardwareAccelerated ? LaneWidth.V128
        : LaneWidth.Scalar;
}

/// <summary>Lanes over <see cref="Vector512{T}"/>.</summary>
internal readonly struct Lanes512<T>(Vector512<T> v) : ILanes<Lanes512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _v = v;

    public static int Count => Vector512<T>.Count;

    public static Lanes512<T> Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Load(ref T source) => new(Vector512.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Broadcast(T value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> MultiplyAdd(Lanes512<T> a, Lanes512<T> b, Lanes512<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return new(Vector512.FusedMultiplyAdd(a._v.AsSingle(), b._v.AsSingle(), c._v.AsSingle()).As<float, T>());
        }

        if (typeof(T) == typeof(double))
        {
            return new(Vector512.FusedMultiplyAdd(a._v.AsDouble(), b._v.AsDouble(), c._v.AsDouble()).As<double, T>());
        }

        return new((a._v * b._v) + c._v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes512<T> v, ref T destination) => v._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Lanes512<T> v) => Vector512.Sum(v._v);
}

/// <summary>Lanes over <see cref="Vector256{T}"/>.</summary>
internal readonly struct Lanes256<T>(Vector256<T> v) : ILanes<Lanes256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector256<T> _v = v;

    public static int Count => Vector256<T>.Count;

    public static Lanes256<T> Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Load(ref T source) => new(Vector256.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Broadcast(T value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> MultiplyAdd(Lanes256<T> a, Lanes256<T> b, Lanes256<T> c)
    {
        // Without FMA the fused form would be emulated lane by lane; a product and a sum are much faster.
        if (Fma.IsSupported && typeof(T) == typeof(float))
        {
            return new(Vector256.FusedMultiplyAdd(a._v.AsSingle(), b._v.AsSingle(), c._v.AsSingle()).As<float, T>());
        }

        if (Fma.IsSupported && typeof(T) == typeof(double))
        {
            return new(Vector256.FusedMultiplyAdd(a._v.AsDouble(), b._v.AsDouble(), c._v.AsDouble()).As<double, T>());
        }

        return new((a._v * b._v) + c._v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes256<T> v, ref T destination) => v._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Lanes256<T> v) => Vector256.Sum(v._v);
}

/// <summary>Lanes over <see cref="Vector128{T}"/>.</summary>
internal readonly struct Lanes128<T>(Vector128<T> v) : ILanes<Lanes128<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector128<T> _v = v;

    public static int Count => Vector128<T>.Count;

    public static Lanes128<T> Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Load(ref T source) => new(Vector128.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Broadcast(T value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> MultiplyAdd(Lanes128<T> a, Lanes128<T> b, Lanes128<T> c)
    {
        var fused = Fma.IsSupported || AdvSimd.IsSupported;
        if (fused && typeof(T) == typeof(float))
        {
            return new(Vector128.FusedMultiplyAdd(a._v.AsSingle(), b._v.AsSingle(), c._v.AsSingle()).As<float, T>());
        }

        if (fused && typeof(T) == typeof(double))
        {
            return new(Vector128.FusedMultiplyAdd(a._v.AsDouble(), b._v.AsDouble(), c._v.AsDouble()).As<double, T>());
        }

        return new((a._v * b._v) + c._v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes128<T> v, ref T destination) => v._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Lanes128<T> v) => Vector128.Sum(v._v);
}

/// <summary>One scalar lane, for machines (or settings) without SIMD.</summary>
internal readonly struct Lanes1<T>(T v) : ILanes<Lanes1<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _v = v;

    public static int Count => 1;

    public static Lanes1<T> Zero => default;

    public static Lanes1<T> Load(ref T source) => new(source);

    public static Lanes1<T> Broadcast(T value) => new(value);

    public static Lanes1<T> MultiplyAdd(Lanes1<T> a, Lanes1<T> b, Lanes1<T> c) => new((a._v * b._v) + c._v);

    public static void Store(Lanes1<T> v, ref T destination) => destination = v._v;

    public static T Sum(Lanes1<T> v) => v._v;
}
