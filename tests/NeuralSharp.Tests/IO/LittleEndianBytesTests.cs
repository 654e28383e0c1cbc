using NeuralSharp.IO;

namespace NeuralSharp.Tests.IO;

public sealed class LittleEndianBytesTests
{
    [Fact]
    public void EncodesLittleEndianRegardlessOfHost()
    {
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F }, LittleEndianBytes.FromSingles([1f]));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0xF0, 0x3F }, LittleEndianBytes.FromDoubles([1.0]));
        Assert.Equal(new byte[] { 0x04, 0x03, 0x02, 0x01 }, LittleEndianBytes.FromInt32s([0x01020304]));
        Assert.Equal(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }, LittleEndianBytes.FromInt64s([0x0102030405060708]));
    }

    [Fact]
    public void RoundTripsBitExactly()
    {
        float[] singles = [float.NaN, -0f, float.Epsilon, float.MaxValue, BitConverter.Int32BitsToSingle(0x7FC00123)];
        double[] doubles = [double.NegativeInfinity, -0.0, double.Epsilon, BitConverter.Int64BitsToDouble(0x7FF8000000000ABC)];
        int[] ints = [int.MinValue, -1, 0, int.MaxValue];
        long[] longs = [long.MinValue, -1, 0, long.MaxValue];

        Assert.Equal(singles.Select(BitConverter.SingleToInt32Bits), LittleEndianBytes.ToSingles(LittleEndianBytes.FromSingles(singles)).Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(doubles.Select(BitConverter.DoubleToInt64Bits), LittleEndianBytes.ToDoubles(LittleEndianBytes.FromDoubles(doubles)).Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(ints, LittleEndianBytes.ToInt32s(LittleEndianBytes.FromInt32s(ints)));
        Assert.Equal(longs, LittleEndianBytes.ToInt64s(LittleEndianBytes.FromInt64s(longs)));
    }

    [Fact]
    public void SpanOverloadsCheckLengths()
    {
        var bytes = new byte[8];
        LittleEndianBytes.Write([1f, 2f], bytes);
        var back = new float[2];
        LittleEndianBytes.Read(bytes, back);

        Assert.Equal(new[] { 1f, 2f }, back);
        Assert.Throws<ArgumentException>(() => LittleEndianBytes.Write([1f], bytes));
        Assert.Throws<ArgumentException>(() => LittleEndianBytes.Read(bytes, new long[2]));
        Assert.Throws<ArgumentException>(() => LittleEndianBytes.ToInt32s(new byte[6]));
    }
}
