using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class DatasetFetcherTests
{
    private const int Rows = 4;
    private const int Cols = 3;

    /// <summary>Small fake IDX files standing in for MNIST, with their pins.</summary>
    private sealed class FakeData
    {
        public FakeData()
        {
            Raw["train-images-idx3-ubyte"] = Images(5, seed: 1);
            Raw["train-labels-idx1-ubyte"] = Labels([1, 2, 3, 4, 5]);
            Raw["t10k-images-idx3-ubyte"] = Images(2, seed: 2);
            Raw["t10k-labels-idx1-ubyte"] = Labels([7, 2]);
        }

        public Dictionary<string, byte[]> Raw { get; } = [];

        public IdxFileSpec Pin(string name, bool withGzipPin = false) =>
            new(name, Raw[name].Length, Convert.ToHexStringLower(SHA256.HashData(Raw[name])), withGzipPin ? Convert.ToHexStringLower(SHA256.HashData(Gz(name))) : null);

        public byte[] Gz(string name)
        {
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(Raw[name]);
            }

            return ms.ToArray();
        }

        public DatasetSpec Spec(IReadOnlyList<string>? mirrors = null, string? localFolder = null, bool gzipPins = false) => new(
            "Fake",
            "fake",
            Pin("train-images-idx3-ubyte", gzipPins),
            Pin("train-labels-idx1-ubyte", gzipPins),
            Pin("t10k-images-idx3-ubyte", gzipPins),
            Pin("t10k-labels-idx1-ubyte", gzipPins),
            mirrors ?? [],
            NpmPackage: null,
            LocalPackageFolder: localFolder,
            ClassCount: 10,
            ClassNames: null);

        public void WriteTo(string folder, bool gzip = false)
        {
            Directory.CreateDirectory(folder);
            foreach ((string name, byte[] bytes) in Raw)
            {
                File.WriteAllBytes(Path.Combine(folder, gzip ? name + ".gz" : name), gzip ? Gz(name) : bytes);
            }
        }

        private static byte[] Images(int count, int seed)
        {
            var pixels = new byte[count * Rows * Cols];
            new Random(seed).NextBytes(pixels);
            return Serialize(IdxFile.FromBytes(pixels, count, Rows, Cols));
        }

        private static byte[] Labels(byte[] labels) => Serialize(IdxFile.FromBytes(labels, labels.Length));

        private static byte[] Serialize(IdxFile file)
        {
            using var ms = new MemoryStream();
            IdxWriter.Write(ms, file);
            return ms.ToArray();
        }
    }

    /// <summary>Answers HTTP requests from a table, so that no test touches the network.</summary>
    private sealed class FakeHandler(Func<Uri, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            return Task.FromResult(answer(request.RequestUri!));
        }
    }

    private sealed class ListProgress : IProgress<DataProgress>
    {
        public List<DataProgress> Reports { get; } = [];

        public void Report(DataProgress value) => Reports.Add(value);
    }

    private static Task<ImageDataset> Load(DatasetSpec spec, string root, bool train, IProgress<DataProgress>? progress = null, FakeHandler? handler = null) =>
        IdxDatasetLoader.LoadAsync(spec, train, root, progress, CancellationToken.None, (s, r) => new DatasetFetcher(s, r, progress)
        {
            HandlerFactory = () => handler ?? new FakeHandler(u => throw new InvalidOperationException($"unexpected request {u}")),
            NpmExecutable = null,
        });

    [Fact]
    public async Task LoadsFromAPreparedCacheFolder()
    {
        using var dir = new TempDirectory();
        var data = new FakeData();
        data.WriteTo(Path.Combine(dir.Path, "fake"));

        ImageDataset test = await Load(data.Spec(["https://unused.invalid/"]), dir.Path, train: false);
        Assert.Equal(2, test.Count);
        Assert.Equal(Rows, test.Rows);
        Assert.Equal(Cols, test.Cols);
        Assert.Equal([7, 2], test.Labels);
        Assert.Equal(data.Raw["t10k-images-idx3-ubyte"][16] / 255f, test.Images[0]);

        ImageDataset train = await Load(data.Spec(), dir.Path, train: true);
        Assert.Equal([1, 2, 3, 4, 5], train.Labels);
    }

    [Fact]
    public async Task ModifiedCachedFileIsRejectedBySha256()
    {
        using var dir = new TempDirectory();
        var data = new FakeData();
        DatasetSpec spec = data.Spec();
        string folder = Path.Combine(dir.Path, "fake");
        data.WriteTo(folder);
        string victim = Path.Combine(folder, "t10k-images-idx3-ubyte");
        byte[] bytes = File.ReadAllBytes(victim);
        bytes[20] ^= 1;
        File.WriteAllBytes(victim, bytes);

        DatasetUnavailableException ex = await Assert.ThrowsAsync<DatasetUnavailableException>(() => Load(spec, dir.Path, train: false));
        Assert.Equal(["t10k-images-idx3-ubyte"], ex.MissingFiles);
        Assert.Equal(folder, ex.Folder);
        Assert.Contains("SHA-256", ex.Message);
        Assert.Contains(spec.TestImages.Sha256, ex.Message);
        Assert.Contains(folder, ex.Message);
    }

    [Fact]
    public async Task EmptyCacheWithoutSourcesSaysWhatToPutWhere()
    {
        using var dir = new TempDirectory();
        DatasetUnavailableException ex = await Assert.ThrowsAsync<DatasetUnavailableException>(() => Load(new FakeData().Spec(), dir.Path, train: true));
        Assert.Equal(4, ex.MissingFiles.Count);
        Assert.Contains("train-images-idx3-ubyte", ex.Message);
        Assert.Contains(Path.Combine(dir.Path, "fake"), ex.Message);
    }

    [Fact]
    public async Task GzipFilesDroppedIntoTheCacheAreDecompressedAndVerified()
    {
        using var dir = new TempDirectory();
        var data = new FakeData();
        string folder = Path.Combine(dir.Path, "fake");
        data.WriteTo(folder, gzip: true);

        ImageDataset test = await Load(data.Spec(), dir.Path, train: false);
        Assert.Equal([7, 2], test.Labels);
        Assert.Equal(data.Raw["t10k-labels-idx1-ubyte"], File.ReadAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte")));
    }

    [Fact]
    public async Task DownloadsFromTheFirstWorkingMirrorAndReportsProgress()
    {
        using var dir = new TempDirectory();
        var data = new FakeData();
        var handler = new FakeHandler(uri =>
        {
            if (uri.Host == "down.invalid")
            {
                throw new HttpRequestException("no route");
            }

            string name = Path.GetFileName(uri.AbsolutePath);
            return uri.Host == "bad.invalid" || !name.EndsWith(".gz", StringComparison.Ordinal)
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(data.Gz(name[..^3])) };
        });
        var progress = new ListProgress();
        DatasetSpec spec = data.Spec(["https://down.invalid/m/", "https://bad.invalid/m/", "https://good.invalid/m/"], gzipPins: true);

        ImageDataset train = await Load(spec, dir.Path, train: true, progress, handler);
        Assert.Equal([1, 2, 3, 4, 5], train.Labels);

        // An unreachable host is tried once, not once per file.
        Assert.Single(handler.Requests, u => u.Host == "down.invalid");
        Assert.Equal(4, handler.Requests.Count(u => u.Host == "good.invalid"));
        Assert.Contains(progress.Reports, p => p.File == "train-images-idx3-ubyte" && p.BytesDone == p.TotalBytes && p.Source.Contains("good.invalid", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "fake"), "*.tmp"));
    }

    [Fact]
    public async Task DownloadWithWrongGzipHashIsRejected()
    {
        using var dir = new TempDirectory();
        var data = new FakeData();
        var handler = new FakeHandler(uri =>
        {
            byte[] gz = data.Gz(Path.GetFileName(uri.AbsolutePath)[..^3]);
            gz[^1] ^= 0xFF;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(gz) };
        });

        DatasetUnavailableException ex = await Assert.ThrowsAsync<DatasetUnavailableException>(
            () => Load(data.Spec(["https://mirror.invalid/"], gzipPins: true), dir.Path, train: true, handler: handler));
        Assert.Contains("SHA-256 of the download", ex.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "fake")));
    }

    [Fact]
    public async Task AnOversizedDownloadIsCutOffAndTheNextMirrorUsed()
    {
        using var dir = new TempDirectory();
        var data = new FakeData();
        var handler = new FakeHandler(uri =>
        {
            string name = Path.GetFileName(uri.AbsolutePath)[..^3];

            // More than the pinned size plus the 1 MiB allowance: not the file, whatever it is.
            return uri.Host == "huge.invalid"
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[data.Raw[name].Length + (1 << 20) + 1]) }
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(data.Gz(name)) };
        });
        DatasetSpec spec = data.Spec(["https://huge.invalid/", "https://good.invalid/"]);

        ImageDataset test = await Load(spec, dir.Path, train: false, handler: handler);
        Assert.Equal([7, 2], test.Labels);
        Assert.Equal(4, handler.Requests.Count(u => u.Host == "huge.invalid"));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "fake"), "*.tmp"));
    }

    [Fact]
    public async Task MirrorsComeFirstThenTheDebianFolderAndEveryAttemptIsReported()
    {
        using var dir = new TempDirectory();
        var data = new FakeData();
        string package = Path.Combine(dir.Path, "usr-share");
        data.WriteTo(package);
        var handler = new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound));

        ImageDataset train = await Load(data.Spec(["https://gone.invalid/"], package), dir.Path, train: true, handler: handler);
        Assert.Equal([1, 2, 3, 4, 5], train.Labels);
        Assert.Equal(4, handler.Requests.Count);

        // With the folder gone as well, the message lists what each source said.
        using var empty = new TempDirectory();
        DatasetUnavailableException ex = await Assert.ThrowsAsync<DatasetUnavailableException>(
            () => Load(data.Spec(["https://gone.invalid/"], Path.Combine(empty.Path, "absent")), empty.Path, train: true, handler: handler));
        Assert.Contains("https://gone.invalid/train-images-idx3-ubyte.gz: HTTP 404", ex.Message);
        Assert.Contains("absent: not present (install the Debian package that provides it)", ex.Message);
    }

    [Fact]
    public async Task ExtractsFilesFromAPackageTarballByName()
    {
        using var dir = new TempDirectory();
        var data = new FakeData();
        DatasetSpec spec = data.Spec();
        using var tgz = new MemoryStream();
        using (var gz = new GZipStream(tgz, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/index.js") { DataStream = new MemoryStream([1, 2, 3]) });
            foreach ((string name, byte[] bytes) in data.Raw)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/data/" + name) { DataStream = new MemoryStream(bytes) });
            }
        }

        tgz.Position = 0;
        var installer = new AtomicInstaller(Path.Combine(dir.Path, spec.Folder), null);
        Directory.CreateDirectory(installer.Folder);
        var missing = spec.Files.ToList();
        await TarballExtractor.ExtractAsync(tgz, missing, "test package", installer, CancellationToken.None);
        Assert.Empty(missing);
        Assert.Empty(installer.Attempts);
        foreach (IdxFileSpec file in spec.Files)
        {
            Assert.Null(await AtomicInstaller.VerifyAsync(Path.Combine(installer.Folder, file.Name), file, CancellationToken.None));
        }
    }

    [Fact]
    public async Task TakesFilesFromALocalPackageFolder()
    {
        using var dir = new TempDirectory();
        var data = new FakeData();
        string package = Path.Combine(dir.Path, "usr-share");
        data.WriteTo(package, gzip: true);

        ImageDataset test = await Load(data.Spec(localFolder: package), Path.Combine(dir.Path, "cache"), train: false);
        Assert.Equal([7, 2], test.Labels);
        Assert.True(File.Exists(Path.Combine(dir.Path, "cache", "fake", "t10k-images-idx3-ubyte")));
    }

    [Fact]
    public void CacheRootPrefersExplicitThenEnvironmentThenDefault()
    {
        string explicitRoot = Path.Combine(Path.GetTempPath(), "explicit");
        string envRoot = Path.Combine(Path.GetTempPath(), "from-env");
        Assert.Equal(explicitRoot, DataCache.Resolve(explicitRoot, _ => envRoot));
        Assert.Equal(envRoot, DataCache.Resolve(null, v => v == DataCache.EnvironmentVariable ? envRoot : null));
        string fallback = DataCache.Resolve(null, _ => null);
        Assert.EndsWith("neuralsharp", fallback, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("/xdg/neuralsharp", DataCache.Resolve(null, v => v == "XDG_CACHE_HOME" ? "/xdg" : null));
        }
    }

    [Fact]
    public void RealPinsLookRight()
    {
        foreach (DatasetSpec spec in new[] { Mnist.Spec, FashionMnist.Spec })
        {
            Assert.Equal(4, spec.Files.Select(f => f.Name).Distinct().Count());
            Assert.All(spec.Files, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256));
        }

        Assert.Equal(47_040_016, Mnist.Spec.TrainImages.Size);
        Assert.Equal(10, FashionMnist.ClassNames.Count);
    }
}
