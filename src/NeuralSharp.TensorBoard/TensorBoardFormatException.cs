namespace NeuralSharp.TensorBoard;

/// <summary>An event file that is not valid TFRecord framing around <c>Event</c> records: a CRC that does not match, a truncated record, a length past the limit, or a payload that does not parse.</summary>
public sealed class TensorBoardFormatException : IOException
{
    /// <summary>Creates the exception with its message.</summary>
    public TensorBoardFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and the error that caused it.</summary>
    public TensorBoardFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
