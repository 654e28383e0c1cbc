using System.Text;
using System.Text.Json;
using NeuralSharp.Autograd;
using NeuralSharp.IO;
using NeuralSharp.Nn;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.IO;

/// <summary>
/// Issue 18: a model file is untrusted input. Each test builds the hostile file in code and checks that loading it fails with
/// a clear <see cref="ModelFormatException"/> while allocating far less than the file asks for.
/// </summary>
[Collection(MeasuredAllocationCollection.Name)]
public sealed class HostileModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neuralsharp-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>Writes a safetensors file from a header JSON and a (sparse) data buffer of <paramref name="dataLength"/> bytes.</summary>
    private string WriteRaw(string name, string headerJson, long dataLength)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var padded = (header.Length + 7) / 8 * 8;
        var path = PathOf(name);
        using var stream = new FileStream(path, FileMode.Create);
        stream.Write(BitConverter.GetBytes((ulong)padded));
        stream.Write(header);
        stream.Write(Enumerable.Repeat((byte)' ', padded - header.Length).ToArray());
        stream.SetLength(8 + padded + dataLength);
        return path;
    }

    private static string Metadata(string architecture) =>
        $"\"__metadata__\":{{\"{Model.ArchitectureKey}\":{JsonSerializer.Serialize(architecture)},\"{Model.FormatVersionKey}\":\"2\"}}";

    private static string Sequential(IEnumerable<string> children) =>
        "{\"type\":\"Sequential\",\"config\":{},\"children\":{" + string.Join(",", children.Select((c, i) => $"\"{i}\":{c}")) + "}}";

    private static string Linear(int inFeatures, int outFeatures) =>
        $"{{\"type\":\"Linear\",\"config\":{{\"in_features\":{inFeatures},\"out_features\":{outFeatures},\"bias\":false}}}}";

    private static (T Result, long Allocated) Measure<T>(Func<T> action)
    {
        // Loading runs on this thread, so its own counter is exact whatever else the process does.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = action();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static ModelFormatException Refused(string path, string mentions, long maxBytes)
    {
        var (e, allocated) = Measure(() => Assert.Throws<ModelFormatException>(() => Model.Load(path)));
        Assert.True(e.Message.Contains(mentions, StringComparison.Ordinal), e.Message);
        Assert.Contains(path, e.Message);
        Assert.True(e.Message.Length <= ModelFormatException.MaxMessageLength + 40, $"message of {e.Message.Length} characters");
        Assert.True(allocated < maxBytes, $"allocated {allocated:N0} bytes");
        return e;
    }

    [Fact]
    public void AnArchitectureOfTooManyModulesIsRefused()
    {
        var path = WriteRaw("relus.safetensors", "{" + Metadata(Sequential(Enumerable.Repeat("{\"type\":\"ReLU\"}", 20_000))) + "}", 0);
        Refused(path, $"more than {Model.MaxModules} modules", 400L << 20);
    }

    [Fact]
    public void AnArchitectureNestedTooDeeplyIsRefused()
    {
        var json = "{\"type\":\"ReLU\"}";
        for (var i = 0; i < Model.MaxNestingDepth + 1; i++)
        {
            json = Sequential([json]);
        }

        Refused(WriteRaw("deep.safetensors", "{" + Metadata(json) + "}", 0), $"more than {Model.MaxNestingDepth} levels deep", 16L << 20);
    }

    [Fact]
    public void AMaxoutWhosePiecesOverflowIsRefusedInTheProjectsWords()
    {
        // out_features x k used to overflow an int: "Arithmetic operation resulted in an overflow."
        var maxout = "{\"type\":\"Maxout\",\"config\":{\"in_features\":4,\"out_features\":65536,\"k\":65536}}";
        var e = Refused(WriteRaw("maxout.safetensors", "{" + Metadata(maxout) + "}", 0), "Maxout", 16L << 20);
        Assert.DoesNotContain("Arithmetic", e.Message);
        Assert.Contains("k 65536", e.Message);
    }

    [Fact]
    public void ATensorOfAnUnloadableDTypeIsRefusedBeforeAnyLayerIsBuilt()
    {
        // A 900 MB sparse U8 tensor used to pay for a declared 30000 x 30000 Linear layer (3.6 GB) before the dtype was checked.
        const long n = 900_000_000;
        var path = WriteRaw("u8.safetensors", "{" + Metadata(Linear(30_000, 30_000)) + $",\"weight\":{{\"dtype\":\"U8\",\"shape\":[30000,30000],\"data_offsets\":[0,{n}]}}}}", n);
        Refused(path, "dtype U8", 16L << 20);
    }

    [Fact]
    public void ALayerNoTensorOfTheFileCanFillIsRefusedBeforeItIsAllocated()
    {
        // Enough F32 elements in all (a sparse 1.6 GB junk tensor), but none of the declared layer's shape.
        const long elements = 400_000_001;
        var path = WriteRaw("junk.safetensors", "{" + Metadata(Linear(20_000, 20_000)) + $",\"junk\":{{\"dtype\":\"F32\",\"shape\":[{elements}],\"data_offsets\":[0,{elements * 4}]}}}}", elements * 4);
        Refused(path, "no tensor of the file can fill", 16L << 20);
    }

    [Fact]
    public void TensorsTheNetworkDoesNotUseAreCountedAndNeverRead()
    {
        // A real Linear(2, 2) plus a 100 Mi-element tensor it does not have: refused by name before the 400 MB are read.
        var weights = SafeTensorsFile.ToBytes([SafeTensorsEntry.FromSingles("weight", [2, 2], [1, 2, 3, 4])]);
        var header = Encoding.UTF8.GetString(weights, 8, (int)BitConverter.ToUInt64(weights, 0)).TrimEnd();
        const long junk = 100L << 20;
        var path = WriteRaw(
            "extra.safetensors",
            "{" + Metadata(Linear(2, 2)) + ",\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}"
                + $",\"unused\":{{\"dtype\":\"F32\",\"shape\":[{junk}],\"data_offsets\":[16,{16 + (junk * 4)}]}}}}",
            16 + (junk * 4));
        Assert.StartsWith("{", header);
        Refused(path, "1 tensor(s) the network does not have ('unused')", 16L << 20);
    }

    [Fact]
    public void AHeaderOfTooManyTensorsIsRefusedWithACountNotAList()
    {
        var tensors = Enumerable.Range(0, SafeTensorsFile.MaxTensorCount + 1).Select(i => $"\"t{i}\":{{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}");
        var path = WriteRaw("many.safetensors", "{" + Metadata(Linear(0, 0)) + "," + string.Join(",", tensors) + "}", 0);
        Refused(path, $"more than {SafeTensorsFile.MaxTensorCount} tensors", 200L << 20);
    }

    [Fact]
    public void AHeaderOverTheCapIsRefusedWithoutReadingIt()
    {
        var path = PathOf("huge-header.safetensors");
        using (var stream = new FileStream(path, FileMode.Create))
        {
            stream.Write(BitConverter.GetBytes((ulong)SafeTensorsFile.MaxHeaderSize + 8));
            stream.SetLength(SafeTensorsFile.MaxHeaderSize + 16L);
        }

        Refused(path, "exceeds the", 1L << 20);
    }

    [Fact]
    public void ErrorLinesAreCappedWhateverTheFileNames()
    {
        var longName = new string('x', 5_000_000);
        var path = WriteRaw("long-name.safetensors", "{" + Metadata(Linear(1, 1)) + $",\"{longName}\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}}}", 4);
        var e = Refused(path, "does not have", 64L << 20);
        Assert.DoesNotContain(new string('x', 100), e.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteWeightsAreRefusedNamingTheTensor(float bad)
    {
        var net = new Sequential(new Linear(3, 2), new ReLU(), new Linear(2, 1));
        using (GradMode.NoGrad())
        {
            net.NamedParameters().Single(p => p.Key == "2.weight").Value.Fill(bad);
        }

        var path = PathOf("nan.safetensors");
        Model.Save(net, path);
        Refused(path, "tensor '2.weight' holds 2 non-finite value(s)", 8L << 20);
        Assert.Contains("2.weight", Assert.Throws<ModelFormatException>(() => Model.LoadWeights(new Sequential(new Linear(3, 2), new ReLU(), new Linear(2, 1)), path)).Message);
    }

    [Fact]
    public async Task AFifoIsRefusedInsteadOfBlocking()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = PathOf("fifo.safetensors");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var load = Task.Run(() => Record.Exception(() => Model.Load(path)));
        Assert.Same(load, await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Contains("not a regular file", Assert.IsType<IOException>(await load).Message);
        Assert.Contains("not a regular file", Assert.Throws<IOException>(() => SafeTensorsFile.Read(path)).Message);
        Assert.Throws<IOException>(() => Model.Load("/dev/zero"));
    }

    [Fact]
    public void ADeepNoGradSequentialKeepsNoActivationsBeyondTheNextLayer()
    {
        var net = new Sequential(Enumerable.Range(0, 400).Select(_ => (Module)new ReLU()).ToArray());
        var input = Tensor.Ones([64, 1024]);
        var outputs = new List<WeakReference>();
        ModuleBase.CallObserver = (_, output) => outputs.Add(new WeakReference(output));
        WeakReference final;
        try
        {
            using (GradMode.NoGrad())
            {
                final = new WeakReference(net.Forward(input));
            }
        }
        finally
        {
            ModuleBase.CallObserver = null;
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // 400 activations of 256 KiB would be 100 MiB; all but (at most) the last few have been collected.
        Assert.True(outputs.Count >= 400);
        Assert.True(outputs.Count(w => w.IsAlive) <= 3, $"{outputs.Count(w => w.IsAlive)} of {outputs.Count} activations still alive");
        GC.KeepAlive(final);
    }

    [Fact]
    public void CheckpointsNeverSaveNonFiniteWeights()
    {
        var net = new Sequential(new Linear(2, 2));
        var path = PathOf("best.safetensors");
        var checkpoint = new ModelCheckpoint(path, NeuralSharp.Training.Monitor.ValidationLoss);
        Assert.Null(checkpoint.OnEpochEnd(net, new EpochRecord(1, 1.0, null, 1.0, null, 0, 0, 0.1)));
        var saved = File.ReadAllBytes(path);
        using (GradMode.NoGrad())
        {
            net.Parameters().First().Fill(float.NaN);
        }

        var stop = checkpoint.OnEpochEnd(net, new EpochRecord(2, 0.5, null, 0.5, null, 0, 0, 0.1));
        Assert.NotNull(stop);
        Assert.Contains("NaN or infinity", stop);
        Assert.Equal(saved, File.ReadAllBytes(path));
        Assert.Equal(1, checkpoint.SavedEpoch);
    }

    [Fact]
    public void StaleTemporariesOfTheSameTargetAreRemovedOnTheNextWrite()
    {
        var target = PathOf("model.safetensors");
        var stale = PathOf($".model.safetensors.{Guid.NewGuid():N}.tmp");
        var fresh = PathOf($".model.safetensors.{Guid.NewGuid():N}.tmp");
        var other = PathOf($".other.safetensors.{Guid.NewGuid():N}.tmp");
        foreach (var p in new[] { stale, fresh, other })
        {
            File.WriteAllBytes(p, new byte[1000]);
        }

        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));
        File.SetLastWriteTimeUtc(other, DateTime.UtcNow.AddHours(-1));
        AtomicFile.Write(target, s => s.WriteByte(42));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh), "a recent temporary may belong to a live writer");
        Assert.True(File.Exists(other), "another target's temporary is not touched");
        Assert.Equal([42], File.ReadAllBytes(target));
    }
}
