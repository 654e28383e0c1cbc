using NeuralSharp.IO;
using NeuralSharp.Nn;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.IO;

/// <summary>Model files read from bytes, as a web page that fetched one does (issue 19: nothing needs a file system).</summary>
public sealed class ModelStreamTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AModelLoadedFromItsBytesIsTheModelLoadedFromItsFile()
    {
        var g = new Generator(5);
        var net = new Sequential(new Linear(4, 3, generator: g), new Tanh(), new Linear(3, 2, generator: g)) { InputShape = [4] };
        var path = _dir.File("net.safetensors");
        Model.Save(net, path, new Dictionary<string, string> { ["note"] = "kept" });

        using var bytes = new MemoryStream(File.ReadAllBytes(path));
        var loaded = Model.Load<Module>(bytes, "https://example.org/net.safetensors", out var metadata);

        var x = Tensor.Randn([5, 4], generator: new Generator(6));
        Assert.Equal(Model.Load(path).Forward(x).ToArray(), loaded.Forward(x).ToArray());
        Assert.Equal(new Shape(4), loaded.InputShape);
        Assert.Equal("kept", metadata["note"]);
        Assert.True(bytes.CanRead, "the caller's stream is left open");
    }

    [Fact]
    public void CorruptBytesAndUnseekableStreamsAreRefusedClearly()
    {
        var error = Assert.Throws<ModelFormatException>(() => Model.Load(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8, 9]), "bytes.safetensors"));
        Assert.Contains("bytes.safetensors", error.Message);
        Assert.Contains("seekable", Assert.Throws<ArgumentException>(() => Model.Load(new UnseekableStream())).Message);
    }

    private sealed class UnseekableStream : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
