using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NeuralSharp.IO;

/// <summary>
/// Opens files that must be regular files (model files, images): a FIFO, a socket or a device given in their place would
/// block the reader forever or feed it endless data, so they are refused with an <see cref="IOException"/>.
/// </summary>
public static partial class RegularFile
{
    // Linux and macOS values: open for reading without blocking (a FIFO with no writer would block open(2) itself), close on exec.
    private const int ReadOnly = 0;

    /// <summary>Opens <paramref name="path"/> for reading, refusing anything that is not a regular file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">Its folder does not exist.</exception>
    /// <exception cref="IOException">The path names a directory, a FIFO, a device or another non-regular file, or opening failed.</exception>
    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new IOException($"'{path}' is a directory, not a file");
        }

        if (!File.Exists(path))
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"the folder of '{path}' does not exist");
            }

            throw new FileNotFoundException($"'{path}' does not exist", path);
        }

        FileStream stream;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            var flags = ReadOnly | (OperatingSystem.IsLinux() ? 0x800 | 0x80000 : 0x4 | 0x1000000);
            var fd = Open(path, flags);
            if (fd < 0)
            {
                // Let the ordinary open report the reason (permission denied, vanished) in .NET's words.
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
            }
            else
            {
                stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 1 << 16);
            }
        }
        else
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        }

        if (!stream.CanSeek || IsDevice(path))
        {
            stream.Dispose();
            throw new IOException($"'{path}' is not a regular file (a FIFO, socket or device?); give the path of a file");
        }

        return stream;
    }

    private static bool IsDevice(string path)
    {
        var full = Path.GetFullPath(path);
        var target = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        return target.StartsWith("/dev/", StringComparison.Ordinal) || target.StartsWith("/proc/", StringComparison.Ordinal) || target.StartsWith("/sys/", StringComparison.Ordinal);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
