using System.Buffers.Binary;
using System.Text;
using NeuralSharp.IO;

namespace NeuralSharp.Tests.IO;

/// <summary>Builders for safetensors inputs, valid and otherwise.</summary>
internal static class SafeTensorsTestData
{
    /// <summary>Lays out a file by hand: length prefix, header text, data; the prefix can lie.</summary>
    public static byte[] Assemble(string headerJson, ReadOnlySpan<byte> data, ulong? declaredHeaderLength = null)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        return Assemble(header, data, declaredHeaderLength);
    }

    public static byte[] Assemble(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data, ulong? declaredHeaderLength = null)
    {
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, declaredHeaderLength ?? (ulong)header.Length);
        header.CopyTo(file.AsSpan(8));
        data.CopyTo(file.AsSpan(8 + header.Length));
        return file;
    }

    /// <summary>A mix of dtypes, a scalar, a zero-size tensor and non-ASCII names.</summary>
    public static SafeTensorsEntry[] SampleEntries() =>
    [
        SafeTensorsEntry.FromSingles("layer.0.weight", [2, 3], [1.5f, -2.25f, 0f, -0f, float.Epsilon, float.PositiveInfinity]),
        SafeTensorsEntry.FromDoubles("layer.0.bias", [3], [Math.PI, -1e-300, 12345.678]),
        SafeTensorsEntry.FromInt32s("counts", [2, 2], [int.MinValue, -1, 0, int.MaxValue]),
        SafeTensorsEntry.FromInt64s("step", [], [1L << 40]),
        SafeTensorsEntry.FromSingles("empty", [0, 4], []),
        new SafeTensorsEntry("mask", SafeTensorsDType.Bool, [3], new byte[] { 1, 0, 1 }),
        new SafeTensorsEntry("half", SafeTensorsDType.Float16, [2], new byte[] { 0x00, 0x3C, 0x00, 0xC0 }),
        new SafeTensorsEntry("bf", SafeTensorsDType.BFloat16, [1], new byte[] { 0x80, 0x3F }),
        new SafeTensorsEntry("bytes", SafeTensorsDType.UInt8, [5], new byte[] { 0, 1, 2, 254, 255 }),
        SafeTensorsEntry.FromSingles("gewicht.ü.日本", [1], [42f]),
    ];

    public static Dictionary<string, string> SampleMetadata() => new()
    {
        ["format"] = "pt",
        ["note"] = "quotes \" backslash \\ newline \n unicode é 😀 <tag>",
        ["empty"] = string.Empty,
    };

    public static void AssertSameEntries(IReadOnlyList<SafeTensorsEntry> expected, SafeTensorsContent actual)
    {
        Assert.Equal(expected.Count, actual.Entries.Count);
        foreach (var e in expected)
        {
            var a = actual[e.Name];
            Assert.Equal(e.DType, a.DType);
            Assert.Equal(e.GetShape(), a.GetShape());
            Assert.Equal(e.Data.ToArray(), a.Data.ToArray());
        }
    }
}
