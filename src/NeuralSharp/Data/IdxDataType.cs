namespace NeuralSharp.Data;

/// <summary>
/// Element type of an IDX file, as encoded in the third byte of its magic number.
/// </summary>
public enum IdxDataType : byte
{
    /// <summary>Unsigned 8-bit integer (MNIST images and labels).</summary>
    UInt8 = 0x08,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 0x09,

    /// <summary>Big-endian signed 16-bit integer.</summary>
    Int16 = 0x0B,

    /// <summary>Big-endian signed 32-bit integer.</summary>
    Int32 = 0x0C,

    /// <summary>Big-endian IEEE 754 single-precision float.</summary>
    Float32 = 0x0D,

    /// <summary>Big-endian IEEE 754 double-precision float.</summary>
    Float64 = 0x0E,
}
