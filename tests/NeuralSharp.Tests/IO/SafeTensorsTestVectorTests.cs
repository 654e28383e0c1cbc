using System.Text;
using NeuralSharp.IO;

namespace NeuralSharp.Tests.IO;

/// <summary>Files laid out byte by byte from the format's rules, independent of our writer.</summary>
public sealed class SafeTensorsTestVectorTests
{
    [Fact]
    public void ReferenceSingleTensorVectorReadsAndIsReproduced()
    {
        // 8-byte little-endian header length (64), a 64-byte JSON header (already a multiple of 8, so
        // no padding), then six little-endian F32 values 0..5.
        byte[] file =
        [
            64, 0, 0, 0, 0, 0, 0, 0,
            .. "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}"u8,
            0x00, 0x00, 0x00, 0x00, // 0.0f
            0x00, 0x00, 0x80, 0x3F, // 1.0f
            0x00, 0x00, 0x00, 0x40, // 2.0f
            0x00, 0x00, 0x40, 0x40, // 3.0f
            0x00, 0x00, 0x80, 0x40, // 4.0f
            0x00, 0x00, 0xA0, 0x40, // 5.0f
        ];
        Assert.Equal(8 + 64 + 24, file.Length);

        var content = SafeTensorsFile.Read(file);

        var tensor = Assert.Single(content.Entries);
        Assert.Equal("attn.0", tensor.Name);
        Assert.Equal("F32", tensor.DType);
        Assert.Equal(new long[] { 1, 2, 3 }, tensor.GetShape());
        Assert.Equal(new[] { 0f, 1f, 2f, 3f, 4f, 5f }, tensor.ToSingles());
        Assert.Equal(file, SafeTensorsFile.ToBytes([SafeTensorsEntry.FromSingles("attn.0", [1, 2, 3], [0f, 1f, 2f, 3f, 4f, 5f])], null));
    }

    [Fact]
    public void EmptyFileIsPaddedWithSpaces()
    {
        byte[] expected = [8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}', 32, 32, 32, 32, 32, 32];

        Assert.Equal(expected, SafeTensorsFile.ToBytes([], null));
        Assert.Empty(SafeTensorsFile.Read(expected).Entries);
    }

    [Fact]
    public void MetadataOnlyFileMatchesTheReferenceLayout()
    {
        // 35 bytes of JSON padded with 5 spaces to 40.
        byte[] expected = [40, 0, 0, 0, 0, 0, 0, 0, .. "{\"__metadata__\":{\"framework\":\"pt\"}}     "u8];

        Assert.Equal(expected, SafeTensorsFile.ToBytes([], new Dictionary<string, string> { ["framework"] = "pt" }));
        Assert.Equal("pt", SafeTensorsFile.Read(expected).Metadata["framework"]);
    }

    [Fact]
    public void ForeignWriterLayoutReads()
    {
        // What another writer may legally produce: unpadded header, free whitespace, tensors listed
        // out of data order, fields in another order, a \u escape in a name, an unknown extra field
        // and a zero-size tensor at the very end.
        const string Header =
            "{ \"b\" : {\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[16,20]},\n" +
            "  \"\\u00e9\": {\"shape\":[], \"dtype\":\"F64\", \"data_offsets\":[8,16], \"x-note\": [1, {}]},\n" +
            "  \"a\":{\"dtype\":\"U8\",\"shape\":[2,0],\"data_offsets\":[20,20]},\n" +
            "  \"first\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]} }";
        byte[] data =
        [
            0x01, 0x00, 0x00, 0x00, 0xFE, 0xFF, 0xFF, 0xFF, // I32 1, -2
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F, // F64 1.0
            0x02, 0x01, 0xFF, 0xFF, // I16 258, -1
        ];
        var headerBytes = Encoding.UTF8.GetBytes(Header);
        byte[] file = [.. BitConverter.GetBytes((ulong)headerBytes.Length), .. headerBytes, .. data];
        if (!BitConverter.IsLittleEndian)
        {
            Array.Reverse(file, 0, 8);
        }

        var content = SafeTensorsFile.Read(file);

        Assert.Equal(["first", "é", "b", "a"], content.Names);
        Assert.Equal(new[] { 1, -2 }, content["first"].ToInt32s());
        Assert.Equal(new[] { 1.0 }, content["é"].ToDoubles());
        Assert.Equal(new byte[] { 0x02, 0x01, 0xFF, 0xFF }, content["b"].Data.ToArray());
        Assert.Equal(new long[] { 2, 0 }, content["a"].GetShape());
        Assert.Empty(content.Metadata);
    }
}
