namespace NeuralSharp.IO;

/// <summary>
/// The single exception type thrown when a model file (for example a safetensors file) is malformed,
/// truncated, inconsistent or otherwise cannot be trusted. The message says what is wrong and, when the
/// data came from a path, names the file.
/// </summary>
/// <remarks>
/// Messages are capped at <see cref="MaxMessageLength"/> characters.
/// I/O failures that are not about the content (missing file, permission denied, disk errors) are not
/// wrapped: they surface as the usual <see cref="IOException"/> subclasses such as
/// <see cref="FileNotFoundException"/>.
/// </remarks>
public class ModelFormatException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ModelFormatException()
        : base("The model file is malformed.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong with the file.</param>
    public ModelFormatException(string message)
        : base(Cap(message))
    {
    }

    /// <summary>Creates an exception with the given message and the exception that revealed the problem.</summary>
    /// <param name="message">What is wrong with the file.</param>
    /// <param name="innerException">The underlying exception (for example a JSON parse error).</param>
    public ModelFormatException(string message, Exception? innerException)
        : base(Cap(message), innerException)
    {
    }

    /// <summary>Creates an exception about a specific file; the path is prefixed to the message.</summary>
    /// <param name="message">What is wrong with the file.</param>
    /// <param name="filePath">The file that was being read, or <see langword="null"/> when reading from memory or a stream.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public ModelFormatException(string message, string? filePath, Exception? innerException)
        : base(Cap(filePath is null ? message : $"{filePath}: {message}"), innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file that was being read, or <see langword="null"/> when the data did not come from a path.</summary>
    public string? FilePath { get; }

    /// <summary>The longest message kept (1,000 characters): a hostile file must not be able to print megabytes of error.</summary>
    public const int MaxMessageLength = 1000;

    private static string Cap(string message) =>
        message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength), $"... ({message.Length - MaxMessageLength} more characters)");
}
