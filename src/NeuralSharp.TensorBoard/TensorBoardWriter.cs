using System.Globalization;
using Google.Protobuf;
using NeuralSharp.TensorBoard.Proto;

namespace NeuralSharp.TensorBoard;

/// <summary>
/// Writes a TensorBoard event file (<c>events.out.tfevents.SECONDS.HOST</c>) into a log folder: scalars,
/// histograms and PNG images, each tagged and at a step. <c>tensorboard --logdir DIR</c> shows them, and
/// reads the file while it is still being written, so a run can be watched as it trains.
/// </summary>
/// <remarks>
/// Each value is one record, framed as TFRecord (length, masked CRC-32C, payload, masked CRC-32C) around a
/// protobuf <c>Event</c>; the first record names the format (<c>brain.Event:2</c>). Records are written
/// whole; <see cref="Flush"/> pushes them to the operating system, so a crash loses at most what was added
/// since. Not thread-safe: one writer per thread, or a lock around it.
/// </remarks>
public sealed class TensorBoardWriter : IDisposable
{
    /// <summary>The version TensorBoard expects in every event file's first record.</summary>
    public const string FileVersion = "brain.Event:2";

    private readonly FileStream _stream;
    private readonly TimeProvider _clock;
    private bool _disposed;

    /// <summary>Creates <paramref name="logDir"/> if needed and starts a new event file in it.</summary>
    /// <param name="logDir">The folder TensorBoard is pointed at (each run is best given its own sub-folder).</param>
    /// <param name="clock">The source of wall times and of the file name's seconds (the system clock by default).</param>
    public TensorBoardWriter(string logDir, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logDir);
        _clock = clock ?? TimeProvider.System;
        Directory.CreateDirectory(logDir);
        var seconds = _clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var host = HostName();
        var name = $"events.out.tfevents.{seconds}.{host}";
        // Two writers started in the same second in one folder must not share a file: a counter tells them apart.
        for (var n = 1; ; n++)
        {
            var path = Path.Combine(logDir, name);
            try
            {
                _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                FilePath = path;
                break;
            }
            catch (IOException) when (File.Exists(path) && n < 1000)
            {
                name = $"events.out.tfevents.{seconds}.{host}.{n}";
            }
        }

        Write(new Event { WallTime = WallTime(), FileVersion = FileVersion });
        Flush();
    }

    /// <summary>The event file being written.</summary>
    public string FilePath { get; }

    /// <summary>Logs a scalar (TensorBoard's Scalars tab; stored as float32, as TensorBoard keeps it).</summary>
    public void AddScalar(string tag, double value, long step) =>
        AddValue(new Summary.Types.Value { Tag = CheckTag(tag), SimpleValue = (float)value }, step);

    /// <summary>Logs the distribution of <paramref name="values"/> (the Histograms and Distributions tabs).</summary>
    /// <exception cref="ArgumentException">No values, or a NaN or infinity among them.</exception>
    public void AddHistogram(string tag, ReadOnlySpan<double> values, long step) =>
        AddValue(new Summary.Types.Value { Tag = CheckTag(tag), Histo = HistogramBuckets.Build(tag, values, v => v) }, step);

    /// <inheritdoc cref="AddHistogram(string, ReadOnlySpan{double}, long)"/>
    public void AddHistogram(string tag, ReadOnlySpan<float> values, long step) =>
        AddValue(new Summary.Types.Value { Tag = CheckTag(tag), Histo = HistogramBuckets.Build(tag, values, v => v) }, step);

    /// <summary>Logs an encoded image (the Images tab); <paramref name="png"/> is the file's bytes.</summary>
    public void AddImage(string tag, ReadOnlySpan<byte> png, int width, int height, long step)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"image '{tag}': width and height must be positive, got {width}x{height}");
        }

        var colorspace = PngHeader.TryRead(png, out _, out _, out var c) ? c : 0;
        var image = new Summary.Types.Image { Width = width, Height = height, Colorspace = colorspace, EncodedImageString = ByteString.CopyFrom(png) };
        AddValue(new Summary.Types.Value { Tag = CheckTag(tag), Image = image }, step);
    }

    /// <summary>Logs a PNG image, taking its size from the file's header.</summary>
    /// <exception cref="ArgumentException">The bytes are not a PNG.</exception>
    public void AddImage(string tag, ReadOnlySpan<byte> png, long step)
    {
        if (!PngHeader.TryRead(png, out var width, out var height, out _))
        {
            throw new ArgumentException($"image '{tag}': the {png.Length} bytes are not a PNG (no PNG signature and IHDR chunk); give the width and height for another format");
        }

        AddImage(tag, png, width, height, step);
    }

    /// <summary>Pushes the records written so far to the operating system, where TensorBoard (and a crash) sees them.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Flush();
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream.Dispose();
    }

    private void AddValue(Summary.Types.Value value, long step)
    {
        var summary = new Summary();
        summary.Value.Add(value);
        Write(new Event { WallTime = WallTime(), Step = step, Summary = summary });
    }

    private void Write(Event e)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Write(TfRecord.Frame(e.ToByteArray()));
    }

    private double WallTime() => (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;

    private static string CheckTag(string tag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        return tag;
    }

    /// <summary>The host name as TensorBoard's writers put it in the file name, kept to characters that are safe in a file name.</summary>
    private static string HostName()
    {
        string host;
        try
        {
            host = System.Net.Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            host = Environment.MachineName;
        }

        var safe = new string([.. host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        return safe.Length == 0 ? "localhost" : safe;
    }
}
