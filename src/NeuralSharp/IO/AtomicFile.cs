namespace NeuralSharp.IO;

/// <summary>
/// Replaces a file's content all at once: readers, and the file left after a crash, see either the
/// complete old content or the complete new content, never a partial write.
/// </summary>
public static class AtomicFile
{
    /// <summary>The extension of the temporary files; they start with a dot and the target's name.</summary>
    public const string TemporaryExtension = ".tmp";

    /// <summary>Writes <paramref name="text"/> (UTF-8) to a file atomically, as <see cref="Write"/> does.</summary>
    /// <param name="path">The file to create or replace. Its folder must exist.</param>
    /// <param name="text">The whole content.</param>
    /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
    /// <exception cref="IOException">Writing, flushing or renaming failed.</exception>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        });
    }

    /// <summary>
    /// Writes a file atomically: <paramref name="writeContent"/> writes into a temporary file in the
    /// same folder, which is flushed to disk and then renamed over <paramref name="path"/>.
    /// </summary>
    /// <param name="path">The file to create or replace. Its folder must exist.</param>
    /// <param name="writeContent">Writes the whole content to the given stream; it must not close it.</param>
    /// <remarks>
    /// Temporaries of the same target left behind by a writer that was killed are removed first (see <see cref="StaleAge"/>).
    /// If <paramref name="writeContent"/> throws, or flushing or renaming fails, the temporary file is
    /// deleted, <paramref name="path"/> is left untouched and the exception propagates. The rename is
    /// atomic on the same file system (POSIX <c>rename</c>, Windows <c>MoveFileEx</c>), which is why
    /// the temporary file lives next to the target rather than in the system temp folder.
    /// The folder itself is not synced after the rename (.NET has no portable way to do so), so after a
    /// power loss the old content may reappear; a partially written file never does.
    /// </remarks>
    /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
    /// <exception cref="IOException">Writing, flushing or renaming failed.</exception>
    public static void Write(string path, Action<Stream> writeContent)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeContent);

        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' does not name a file.", nameof(path));
        var fileName = Path.GetFileName(fullPath);
        if (fileName.Length == 0)
        {
            throw new ArgumentException($"'{path}' does not name a file.", nameof(path));
        }

        // A random suffix lets concurrent writers of the same target each use their own temporary file;
        // the leading dot keeps it out of casual directory listings. The name is shortened so the
        // suffix cannot push a long file name past the usual 255-character limit.
        var stem = fileName.Length > 180 ? fileName[..180] : fileName;
        RemoveStale(directory, stem);
        var tempPath = Path.Combine(directory, $".{stem}.{Guid.NewGuid():N}{TemporaryExtension}");
        try
        {
            using (var stream = new FileStream(
                tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                writeContent(stream);

                // Without fsync the rename can reach the disk before the data, and a power loss would
                // then leave a complete-looking file full of zeros.
                stream.Flush(flushToDisk: true);
            }

            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>How old a temporary file of the same target must be before a write removes it as left by a killed writer.</summary>
    public static readonly TimeSpan StaleAge = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Removes temporaries of the same target left by writers that were killed: those older than <see cref="StaleAge"/> that
    /// nobody holds open (a live writer keeps its temporary locked), so concurrent writers are never disturbed.
    /// </summary>
    private static void RemoveStale(string directory, string stem)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, $".{stem}.*{TemporaryExtension}").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        var cutoff = DateTime.UtcNow - StaleAge;
        foreach (var candidate in candidates)
        {
            var name = Path.GetFileName(candidate);
            var guid = name.Length - TemporaryExtension.Length - 32;
            if (guid != stem.Length + 2 || !name.StartsWith($".{stem}.", StringComparison.Ordinal) || !Guid.TryParseExact(name.AsSpan(guid, 32), "N", out _))
            {
                continue;
            }

            try
            {
                if (File.GetLastWriteTimeUtc(candidate) > cutoff)
                {
                    continue;
                }

                using (new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    File.Delete(candidate);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // In use, or already gone: leave it.
            }
        }
    }

    private static void TryDelete(string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (IOException)
        {
            // The original exception matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
