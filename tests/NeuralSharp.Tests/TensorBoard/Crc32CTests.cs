using System.Text;
using NeuralSharp.TensorBoard;

namespace NeuralSharp.Tests.TensorBoard;

public sealed class Crc32CTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("123456789", 0xE3069283u)] // the check value of CRC-32C (Castagnoli)
    [InlineData("The quick brown fox jumps over the lazy dog", 0x22620404u)]
    public void KnownVectors(string text, uint expected) =>
        Assert.Equal(expected, Crc32C.Compute(Encoding.ASCII.GetBytes(text)));

    /// <summary>RFC 3720 (iSCSI), appendix B.4: 32 bytes of zeros, of ones, ascending and descending.</summary>
    [Fact]
    public void Rfc3720Vectors()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    /// <summary>Every length from 0 to 40 (the 8-byte steps and every tail) against a bit-by-bit reference.</summary>
    [Fact]
    public void MatchesBitwiseReferenceAtEveryLength()
    {
        var random = new Random(13);
        for (var length = 0; length <= 40; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Bitwise(data), Crc32C.Compute(data));
        }
    }

    [Fact]
    public void MaskRotatesAndOffsets()
    {
        Assert.Equal(0xa282ead8u, Crc32C.Mask(0));
        Assert.Equal(unchecked(0x00020000u + 0xa282ead8u), Crc32C.Mask(1));
        Assert.Equal(unchecked(1u + 0xa282ead8u), Crc32C.Mask(1u << 15));
    }

    /// <summary>Reflected CRC-32C with polynomial 0x82F63B78, one bit at a time.</summary>
    private static uint Bitwise(byte[] data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
