using NeuralSharp.IO;

namespace NeuralSharp.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ns-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Target => Path.Combine(_dir, "model.safetensors");

    [Fact]
    public void WriteAllTextReplacesTheFileWithTheTextInUtf8()
    {
        File.WriteAllText(Target, "old content, longer than the new");

        AtomicFile.WriteAllText(Target, "épochs,1\n");

        Assert.Equal("épochs,1\n"u8.ToArray(), File.ReadAllBytes(Target));
        Assert.Equal([Target], Directory.GetFiles(_dir));
    }

    [Fact]
    public void ReplacesExistingContentAndLeavesNoTemporaryFile()
    {
        File.WriteAllText(Target, "old content");

        AtomicFile.Write(Target, s => s.Write("new content"u8));

        Assert.Equal("new content", File.ReadAllText(Target));
        Assert.Equal([Target], Directory.GetFiles(_dir));
    }

    [Fact]
    public void FailingWriterLeavesOldContentAndNoTemporaryFile()
    {
        File.WriteAllText(Target, "old content");

        var ex = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(Target, s =>
        {
            s.Write("half of the new cont"u8);
            s.Flush();
            throw new InvalidOperationException("disk on fire");
        }));

        Assert.Equal("disk on fire", ex.Message);
        Assert.Equal("old content", File.ReadAllText(Target));
        Assert.Equal([Target], Directory.GetFiles(_dir));
    }

    [Fact]
    public void FailingWriterOnNewPathCreatesNothing()
    {
        Assert.Throws<IOException>(() => AtomicFile.Write(Target, _ => throw new IOException("no space")));

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void LongFileNamesStillFitTheTemporaryName()
    {
        var path = Path.Combine(_dir, new string('m', 240) + ".bin");

        AtomicFile.Write(path, s => s.WriteByte(7));

        Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void MissingFolderThrowsDirectoryNotFound()
    {
        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(Path.Combine(_dir, "nope", "x.bin"), s => s.WriteByte(1)));
    }

    [Fact]
    public void InvalidSafeTensorsWriteNeverTouchesTheTarget()
    {
        var old = SafeTensorsFile.ToBytes([SafeTensorsEntry.FromInt32s("v", [1], [1])], null);
        File.WriteAllBytes(Target, old);
        var a = SafeTensorsEntry.FromInt32s("a", [1], [1]);

        // A byte count that disagrees with the shape cannot even become an entry.
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(Target, [a, new SafeTensorsEntry("b", "F32", [2, 2], new byte[15])]));

        // Errors only detectable across entries are raised before the temporary file is created.
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(Target, [a, a]));
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(Target, [a], new Dictionary<string, string> { ["k"] = null! }));

        Assert.Equal(old, File.ReadAllBytes(Target));
        Assert.Equal([Target], Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task ConcurrentReaderSeesOnlyCompleteVersions()
    {
        var small = SafeTensorsFile.ToBytes([SafeTensorsEntry.FromInt32s("v", [1], [1])], null);
        SafeTensorsEntry[] big = [SafeTensorsEntry.FromInt32s("v", [50_000], Enumerable.Range(0, 50_000).ToArray())];
        SafeTensorsFile.Write(Target, [SafeTensorsEntry.FromInt32s("v", [1], [1])], null);

        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Every observation must be a whole file: either version parses, nothing in between.
                var length = SafeTensorsFile.Read(Target)["v"].ElementCount;
                Assert.True(length is 1 or 50_000, $"saw {length} elements");
                Interlocked.Increment(ref reads);
            }
        });

        var deadline = DateTime.UtcNow.AddSeconds(5);
        for (var i = 0; !reader.IsCompleted && (i < 30 || (Volatile.Read(ref reads) < 20 && DateTime.UtcNow < deadline)); i++)
        {
            if (i % 2 == 0)
            {
                SafeTensorsFile.Write(Target, big, null);
            }
            else
            {
                AtomicFile.Write(Target, s => s.Write(small));
            }
        }

        stop.Cancel();
        await reader;
        Assert.True(reads > 0);
        Assert.Equal([Target], Directory.GetFiles(_dir));
    }
}
