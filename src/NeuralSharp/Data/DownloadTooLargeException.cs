namespace NeuralSharp.Data;

/// <summary>A source gave more bytes than the pinned file can have: it is not the file we want.</summary>
internal sealed class DownloadTooLargeException(string message) : Exception(message);
