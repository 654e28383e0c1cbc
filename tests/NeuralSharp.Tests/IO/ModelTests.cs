using System.Text;
using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.IO;

public sealed class ModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neuralsharp-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>One of every built-in layer, trained one step so that batch-norm buffers are not at their defaults.</summary>
    private static Sequential EveryLayer()
    {
        var g = new Generator(5);
        var net = new Sequential(
            new Flatten(),
            new Linear(6, 8, generator: g),
            new BatchNorm1d(8),
            new PReLU(8),
            new Sequential(new Maxout(8, 4, 3, g), new LayerNorm(4), new LeakyReLU(0.2), new ELU(0.7)).Add("head", new Linear(4, 5, bias: false, generator: g)),
            new Dropout(0.25, g),
            new Sigmoid(),
            new Tanh(),
            new ReLU(),
            new SoftPlus(),
            new Identity(),
            new LogSoftmax(1),
            new Softmax(-1),
            new Step());
        net.Forward(Tensor.Randn([4, 2, 3], generator: g));
        return net;
    }

    [Fact]
    public void SaveThenLoadRebuildsTheWholeNetworkBitExactly()
    {
        var net = EveryLayer();
        net.Eval();
        Model.Save(net, PathOf("m.safetensors"), new Dictionary<string, string> { ["epochs"] = "3" });
        var loaded = Model.Load(PathOf("m.safetensors"));

        Assert.Equal(net.ToString(), loaded.ToString());
        Assert.False(loaded.IsTraining);
        var expected = net.StateDict();
        var actual = loaded.StateDict();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, t) in expected)
        {
            Assert.Equal(t.Shape, actual[name].Shape);
            Assert.Equal(t.DType, actual[name].DType);
            Assert.Equal(BitsOf(t), BitsOf(actual[name]));
        }

        var x = Tensor.Randn([3, 2, 3], generator: new Generator(8));
        Assert.Equal(net.Forward(x).ToArray(), loaded.Forward(x).ToArray());
        Assert.Equal("3", SafeTensorsFile.Read(PathOf("m.safetensors")).Metadata["epochs"]);
    }

    [Fact]
    public void Float64RoundTripIsBitExactAndUsesPyTorchNames()
    {
        var net = new Sequential(new Linear(3, 2, generator: new Generator(1)), new BatchNorm1d(2)).Double();
        Model.Save(net, PathOf("d.safetensors"));
        var content = SafeTensorsFile.Read(PathOf("d.safetensors"));
        Assert.Equal(["0.bias", "0.weight", "1.bias", "1.num_batches_tracked", "1.running_mean", "1.running_var", "1.weight"], content.Names.Order(StringComparer.Ordinal));
        Assert.All(content.Entries, e => Assert.Equal("F64", e.DType));
        var loaded = Model.Load(PathOf("d.safetensors"));
        Assert.Equal(DType.Float64, loaded.DType);
        Assert.Equal(net.Parameters().SelectMany(BitsOf), loaded.Parameters().SelectMany(BitsOf));
    }

    [Fact]
    public void LoadWeightsFillsAnExistingNetworkAndReportsDifferences()
    {
        var net = EveryLayer();
        Model.Save(net, PathOf("w.safetensors"));
        var fresh = EveryLayer();
        foreach (var p in fresh.Parameters())
        {
            using (NeuralSharp.Autograd.GradMode.NoGrad())
            {
                p.Fill(0);
            }
        }

        Model.LoadWeights(fresh, PathOf("w.safetensors"));
        Assert.Equal(net.Parameters().SelectMany(BitsOf), fresh.Parameters().SelectMany(BitsOf));

        var other = new Sequential(new Linear(6, 8), new Linear(8, 2));
        var e = Assert.Throws<ModelFormatException>(() => Model.LoadWeights(other, PathOf("w.safetensors")));
        Assert.Contains("size mismatch for 1.weight", e.Message);
        Assert.Contains("missing key 0.weight", e.Message);
        Assert.Contains("unexpected key 4.0.weight", e.Message);
        Assert.Contains("w.safetensors", e.Message);
    }

    [Fact]
    public void UnknownLayerTypeIsNamedAndCustomLayersCanBeRegistered()
    {
        var net = new Sequential(new Scaled(3), new ReLU());
        Model.Save(net, PathOf("c.safetensors"));
        var e = Assert.Throws<ModelFormatException>(() => Model.Load(PathOf("c.safetensors")));
        Assert.Contains("unknown layer type 'ModelTestsScaled'", e.Message);

        Model.RegisterLayer("ModelTestsScaled", (c, _) => new Scaled(c.GetInt("n", 1)));
        var loaded = Model.Load(PathOf("c.safetensors"));
        Assert.Equal(net.Forward(Tensor.Ones([1, 3])).ToArray(), loaded.Forward(Tensor.Ones([1, 3])).ToArray());
    }

    [Fact]
    public void LoadWeightsAcceptsPyTorchsIntegerBatchCounter()
    {
        // PyTorch stores num_batches_tracked as int64 and running statistics as float32.
        SafeTensorsFile.Write(PathOf("torch.safetensors"), [
            SafeTensorsEntry.FromSingles("weight", [2], [1f, 2f]),
            SafeTensorsEntry.FromSingles("bias", [2], [0f, 1f]),
            SafeTensorsEntry.FromSingles("running_mean", [2], [0.5f, -0.5f]),
            SafeTensorsEntry.FromSingles("running_var", [2], [2f, 3f]),
            SafeTensorsEntry.FromInt64s("num_batches_tracked", [], [7L])]);
        var bn = new BatchNorm1d(2);
        Model.LoadWeights(bn, PathOf("torch.safetensors"));
        Assert.Equal([0.5f, -0.5f], bn.RunningMean.ToArray());
        Assert.Equal(7.0, bn.StateDict()["num_batches_tracked"].ItemAsDouble());
    }

    [Fact]
    public void ReservedMetadataKeysAreRefused() =>
        Assert.Throws<ArgumentException>(() => Model.Save(new ReLU(), PathOf("r.safetensors"), new Dictionary<string, string> { [Model.ArchitectureKey] = "{}" }));

    [Fact]
    public void WeightsOnlyFileHasNoArchitecture()
    {
        SafeTensorsFile.Write(PathOf("raw.safetensors"), [SafeTensorsEntry.FromSingles("weight", [1], [1f])]);
        Assert.Throws<ModelFormatException>(() => Model.Load(PathOf("raw.safetensors")));
    }

    public static TheoryData<string> HostileArchitectures => new()
    {
        "",
        "not json",
        "[]",
        "{}",
        "{\"type\": 5}",
        "{\"type\": \"Linear\", \"config\": []}",
        "{\"type\": \"Linear\", \"config\": {\"in_features\": \"3\", \"out_features\": 2, \"bias\": true}}",
        "{\"type\": \"Linear\", \"config\": {\"in_features\": 1e400, \"out_features\": 2, \"bias\": true}}",
        "{\"type\": \"Linear\", \"config\": {\"in_features\": 99999999999999999999999, \"out_features\": 2, \"bias\": true}}",
        "{\"type\": \"Linear\", \"config\": {\"in_features\": -3, \"out_features\": 2, \"bias\": true}}",
        "{\"type\": \"Linear\", \"config\": {\"in_features\": 2000000000, \"out_features\": 2000000000, \"bias\": true}}",
        "{\"type\": \"Linear\", \"config\": {\"in_features\": 60000, \"out_features\": 60000, \"bias\": true}}",
        "{\"type\": \"Linear\", \"config\": {\"out_features\": 2, \"bias\": true}}",
        "{\"type\": \"LayerNorm\", \"config\": {\"normalized_shape\": [100000, 100000, 100000], \"eps\": 1e-5, \"elementwise_affine\": true}}",
        "{\"type\": \"LayerNorm\", \"config\": {\"normalized_shape\": [1.5], \"eps\": 1e-5, \"elementwise_affine\": true}}",
        "{\"type\": \"Dropout\", \"config\": {\"p\": 1e308}}",
        "{\"type\": \"Dropout\", \"config\": {\"p\": null}}",
        "{\"type\": \"BatchNorm1d\", \"config\": {\"num_features\": 4, \"eps\": 0, \"momentum\": 0.1, \"affine\": true}}",
        "{\"type\": \"Sequential\", \"children\": [1, 2]}",
        "{\"type\": \"Sequential\", \"children\": {\"0\": {\"type\": \"ReLU\"}, \"0\": {\"type\": \"ReLU\"}}}",
        "{\"type\": \"Sequential\", \"children\": {\"a.b\": {\"type\": \"ReLU\"}}}",
        "{\"type\": \"ReLU\", \"children\": {\"x\": {\"type\": \"ReLU\"}}}",
        "{\"type\": \"" + new string('x', 10_000) + "\"}",
        Nested(10_000),
        Nested(200),
    };

    private static string Nested(int depth)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            sb.Append("{\"type\": \"Sequential\", \"children\": {\"0\": ");
        }

        sb.Append("{\"type\": \"ReLU\"}");
        for (var i = 0; i < depth; i++)
        {
            sb.Append("}}");
        }

        return sb.ToString();
    }

    [Theory]
    [MemberData(nameof(HostileArchitectures))]
    public void HostileArchitectureJsonThrowsModelFormatExceptionOnly(string json)
    {
        // Through a real file, with a small tensor so that the allocation budget is tiny.
        SafeTensorsFile.Write(
            PathOf("h.safetensors"),
            [SafeTensorsEntry.FromSingles("weight", [2], [1f, 2f])],
            new Dictionary<string, string> { [Model.ArchitectureKey] = json });
        var e = Record.Exception(() => Model.Load(PathOf("h.safetensors")));
        Assert.IsType<ModelFormatException>(e);
        Assert.IsType<ModelFormatException>(Record.Exception(() => Model.FromArchitecture(json, maxElements: 1000)));
    }

    [Fact]
    public void ArchitectureJsonRoundTripsThroughFromArchitecture()
    {
        var net = EveryLayer();
        var json = Model.ArchitectureJson(net);
        Assert.Equal(json, Model.ArchitectureJson(Model.FromArchitecture(json)));
        Assert.Contains("\"in_features\":6", json);
    }

    private static IEnumerable<long> BitsOf(Tensor t) => t.DType == DType.Float64
        ? t.ToDoubleArray().Select(BitConverter.DoubleToInt64Bits)
        : t.ToArray().Select(v => (long)BitConverter.SingleToInt32Bits(v));

    private sealed class Scaled : Module
    {
        public Scaled(int n) => Init.Constant(CreateParameter("scale", [n]), 2);

        public override string TypeName => "ModelTestsScaled";

        public override Tensor Forward(Tensor input) => input * GetParameter("scale");

        protected internal override void WriteConfig(ModuleConfig config) => config.Set("n", GetParameter("scale").Count);
    }
}
