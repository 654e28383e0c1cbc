using System.Diagnostics.CodeAnalysis;

namespace NeuralSharp.IO;

/// <summary>
/// The element type names used by the safetensors format (the <c>"dtype"</c> field) and their sizes.
/// </summary>
/// <remarks>
/// Only byte-addressable types are supported. Sub-byte types (F4, F6_*) and complex types, which some
/// newer writers emit, are rejected as unsupported rather than guessed at.
/// </remarks>
public static class SafeTensorsDType
{
    /// <summary>Boolean, one byte per element.</summary>
    public const string Bool = "BOOL";

    /// <summary>Unsigned 8-bit integer.</summary>
    public const string UInt8 = "U8";

    /// <summary>Signed 8-bit integer.</summary>
    public const string Int8 = "I8";

    /// <summary>8-bit float with 5 exponent and 2 mantissa bits.</summary>
    public const string Float8E5M2 = "F8_E5M2";

    /// <summary>8-bit float with 4 exponent and 3 mantissa bits.</summary>
    public const string Float8E4M3 = "F8_E4M3";

    /// <summary>8-bit exponent-only float (scale factors).</summary>
    public const string Float8E8M0 = "F8_E8M0";

    /// <summary>Signed 16-bit integer.</summary>
    public const string Int16 = "I16";

    /// <summary>Unsigned 16-bit integer.</summary>
    public const string UInt16 = "U16";

    /// <summary>IEEE 754 half precision float.</summary>
    public const string Float16 = "F16";

    /// <summary>bfloat16 (the upper half of an IEEE single).</summary>
    public const string BFloat16 = "BF16";

    /// <summary>Signed 32-bit integer.</summary>
    public const string Int32 = "I32";

    /// <summary>Unsigned 32-bit integer.</summary>
    public const string UInt32 = "U32";

    /// <summary>IEEE 754 single precision float.</summary>
    public const string Float32 = "F32";

    /// <summary>IEEE 754 double precision float.</summary>
    public const string Float64 = "F64";

    /// <summary>Signed 64-bit integer.</summary>
    public const string Int64 = "I64";

    /// <summary>Unsigned 64-bit integer.</summary>
    public const string UInt64 = "U64";

    // The rank mirrors the declaration order of the reference implementation's Dtype enum, which it
    // uses to sort tensors on write; reproducing it gives byte-identical files for the same input.
    private static readonly Dictionary<string, (int Size, int Rank)> Known = new(StringComparer.Ordinal)
    {
        [Bool] = (1, 0),
        [UInt8] = (1, 1),
        [Int8] = (1, 2),
        [Float8E5M2] = (1, 3),
        [Float8E4M3] = (1, 4),
        [Float8E8M0] = (1, 5),
        [Int16] = (2, 6),
        [UInt16] = (2, 7),
        [Float16] = (2, 8),
        [BFloat16] = (2, 9),
        [Int32] = (4, 10),
        [UInt32] = (4, 11),
        [Float32] = (4, 12),
        [Float64] = (8, 13),
        [Int64] = (8, 14),
        [UInt64] = (8, 15),
    };

    /// <summary>Whether <paramref name="dtype"/> is a dtype name this library can read and write (case-sensitive).</summary>
    /// <param name="dtype">A dtype name such as <c>"F32"</c>.</param>
    /// <returns><see langword="true"/> if the name is supported.</returns>
    public static bool IsSupported([NotNullWhen(true)] string? dtype) => dtype is not null && Known.ContainsKey(dtype);

    /// <summary>The size in bytes of one element of <paramref name="dtype"/>.</summary>
    /// <param name="dtype">A supported dtype name such as <c>"F32"</c>.</param>
    /// <returns>The element size in bytes (1, 2, 4 or 8).</returns>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not supported.</exception>
    public static int GetElementSize(string dtype)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        return TryGetElementSize(dtype, out var size)
            ? size
            : throw new ArgumentException($"Unsupported safetensors dtype '{dtype}'.", nameof(dtype));
    }

    /// <summary>Looks up the size in bytes of one element of <paramref name="dtype"/>.</summary>
    /// <param name="dtype">A dtype name such as <c>"F32"</c>.</param>
    /// <param name="size">The element size in bytes, or 0 when the dtype is not supported.</param>
    /// <returns><see langword="true"/> if the dtype is supported.</returns>
    public static bool TryGetElementSize(string? dtype, out int size)
    {
        if (dtype is not null && Known.TryGetValue(dtype, out var info))
        {
            size = info.Size;
            return true;
        }

        size = 0;
        return false;
    }

    internal static int GetSortRank(string dtype) => Known[dtype].Rank;
}
