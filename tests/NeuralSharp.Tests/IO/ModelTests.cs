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
        Assert.Contains("2 tensor(s) missing from the file ('0.weight', '0.bias')", e.Message);
        Assert.Contains("11 tensor(s) the network does not have", e.Message);
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
        "{\"type\": \"ReLU\", \"config\": {\"inplace\": true}}",
        "{\"type\": \"Linear\", \"config\": {\"in_features\": 3, \"out_features\": 2, \"bias\": true, \"gain\": 2}}",
        "{\"type\": \"BatchNorm1d\", \"config\": {\"num_features\": 4, \"track_running_stats\": \"yes\"}}",
        "{\"type\": \"Unflatten\", \"config\": {\"dim\": 1, \"unflattened_size\": []}}",
        "{\"type\": \"Unflatten\", \"config\": {\"dim\": 1, \"unflattened_size\": [2, 0]}}",
        "{\"type\": \"Unflatten\", \"config\": {\"dim\": 1000, \"unflattened_size\": [2]}}",
        "{\"type\": \"Flatten\", \"config\": {\"start_dim\": 1.5}}",
        "{\"type\": \"RNNCell\", \"config\": {\"input_size\": 2, \"hidden_size\": 2, \"nonlinearity\": \"gelu\"}}",
        "{\"type\": \"RNNCell\", \"config\": {\"input_size\": 2, \"hidden_size\": 2, \"nonlinearity\": 3}}",
        "{\"type\": \"Residual\", \"children\": {\"shortcut\": {\"type\": \"ReLU\"}}}",
        "{\"type\": \"Residual\"}",
        "{\"type\": \"Residual\", \"children\": {\"body\": {\"type\": \"RNNCell\", \"config\": {\"input_size\": 1, \"hidden_size\": 1}}}}",
        "{\"type\": \"Sequential\", \"config\": {\"n\": 1}}",
        "{\"type\": \"LeakyReLU\", \"config\": {\"negative_slope\": 1e400}}",
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
    public void ConfigErrorsNameTheKeyAndTheRange()
    {
        var e = Assert.Throws<ModelFormatException>(() => Model.FromArchitecture("{\"type\": \"Dropout\", \"config\": {\"p\": 1.5}}"));
        Assert.Contains("'p'", e.Message);
        Assert.Contains("[0, 1]", e.Message);
        e = Assert.Throws<ModelFormatException>(() => Model.FromArchitecture("{\"type\": \"BatchNorm1d\", \"config\": {\"num_features\": 4, \"eps\": 0}}"));
        Assert.Contains("'eps'", e.Message);
        Assert.Contains("(0, inf]", e.Message);
        e = Assert.Throws<ModelFormatException>(() => Model.FromArchitecture("{\"type\": \"Linear\", \"config\": {\"in_features\": 3, \"out_features\": 2, \"gain\": 2}}"));
        Assert.Contains("'gain' is not a setting of Linear", e.Message);
        Assert.Contains("in_features, out_features, bias", e.Message);

        // The same ranges guard the constructors.
        var a = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
        Assert.Contains("p must be a finite number in [0, 1]", a.Message);
        Assert.Contains("in_features", Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(-3, 2)).Message);
    }

    [Fact]
    public void MissingSettingsWithDefaultsTakeTheDefault()
    {
        var bn = (BatchNorm1d)Model.FromArchitecture("{\"type\": \"BatchNorm1d\", \"config\": {\"num_features\": 4}}");
        Assert.Equal(new BatchNorm1dConfig(4), bn.Config);
        var linear = (Linear)Model.FromArchitecture("{\"type\": \"Linear\", \"config\": {\"in_features\": 3, \"out_features\": 2}}");
        Assert.NotNull(linear.Bias);
    }

    /// <summary>A file exactly as format 1 wrote it: LeakyReLU's slope under "alpha", no input shape, PReLU without its initial slope.</summary>
    [Fact]
    public void FormatOneFilesStillLoad()
    {
        var g = new Generator(2);
        var reference = new Sequential(new Linear(3, 4, generator: g), new LeakyReLU(0.2), new PReLU(4), new BatchNorm1d(4), new Linear(4, 2, bias: false, generator: g)).Eval();
        const string architecture = "{\"type\":\"Sequential\",\"config\":{},\"children\":{"
            + "\"0\":{\"type\":\"Linear\",\"config\":{\"in_features\":3,\"out_features\":4,\"bias\":true}},"
            + "\"1\":{\"type\":\"LeakyReLU\",\"config\":{\"alpha\":0.2}},"
            + "\"2\":{\"type\":\"PReLU\",\"config\":{\"num_parameters\":4}},"
            + "\"3\":{\"type\":\"BatchNorm1d\",\"config\":{\"num_features\":4,\"eps\":1E-05,\"momentum\":0.1,\"affine\":true}},"
            + "\"4\":{\"type\":\"Linear\",\"config\":{\"in_features\":4,\"out_features\":2,\"bias\":false}}}}";
        SafeTensorsFile.Write(
            PathOf("v1.safetensors"),
            reference.StateDict().Select(p => SafeTensorsEntry.FromSingles(p.Key, p.Value.Shape.Select(d => (long)d).ToArray(), p.Value.ToArray())).ToList(),
            new Dictionary<string, string> { [Model.ArchitectureKey] = architecture, [Model.FormatVersionKey] = "1", [Model.TrainingKey] = "false" });

        var loaded = Model.Load(PathOf("v1.safetensors"));
        Assert.Null(loaded.InputShape);
        Assert.Equal(reference.ToString(), loaded.ToString());
        Assert.Equal(0.2, ((LeakyReLU)((Sequential)loaded)[1]).NegativeSlope);
        var x = Tensor.Randn([5, 3], generator: new Generator(3));
        Assert.Equal(reference.Forward(x).ToArray(), loaded.Forward(x).ToArray());
    }

    [Fact]
    public void TheInputShapeIsRecordedAndRestored()
    {
        var net = new Sequential(new Flatten(), new Linear(784, 10, generator: new Generator(1))) { InputShape = [1, 28, 28] };
        Model.Save(net, PathOf("s.safetensors"));
        var metadata = SafeTensorsFile.Read(PathOf("s.safetensors")).Metadata;
        Assert.Equal("[1,28,28]", metadata[Model.InputShapeKey]);
        Assert.Equal(Model.FormatVersion, metadata[Model.FormatVersionKey]);

        var loaded = Model.Load(PathOf("s.safetensors"));
        Assert.Equal(new Shape(1, 28, 28), loaded.InputShape);
        var summary = Summary.Create(loaded);
        Assert.Equal(new Shape(1, 1, 28, 28), summary.InputShape);
        Assert.Equal(new Shape(1, 10), summary.Rows[^1].OutputShape);

        Model.Save(new Sequential(new ReLU()), PathOf("none.safetensors"));
        Assert.False(SafeTensorsFile.Read(PathOf("none.safetensors")).Metadata.ContainsKey(Model.InputShapeKey));
        Assert.Null(Model.Load(PathOf("none.safetensors")).InputShape);
        Assert.Throws<ArgumentException>(() => Summary.Create(Model.Load(PathOf("none.safetensors"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("784")]
    [InlineData("[784")]
    [InlineData("[0]")]
    [InlineData("[-1, 3]")]
    [InlineData("[1.5]")]
    [InlineData("[\"784\"]")]
    [InlineData("[100000, 100000]")]
    [InlineData("[2147483647, 2147483647, 2147483647]")]
    [InlineData("[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]")]
    [InlineData("[[1]]")]
    public void HostileInputShapesThrowModelFormatException(string json)
    {
        SafeTensorsFile.Write(
            PathOf("i.safetensors"),
            [],
            new Dictionary<string, string> { [Model.ArchitectureKey] = "{\"type\": \"ReLU\"}", [Model.InputShapeKey] = json });
        var e = Assert.Throws<ModelFormatException>(() => Model.Load(PathOf("i.safetensors")));
        Assert.Contains(Model.InputShapeKey, e.Message);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("0")]
    [InlineData("2.0")]
    public void UnknownFormatVersionsAreRefused(string version)
    {
        SafeTensorsFile.Write(
            PathOf("v.safetensors"),
            [],
            new Dictionary<string, string> { [Model.ArchitectureKey] = "{\"type\": \"ReLU\"}", [Model.FormatVersionKey] = version });
        Assert.Contains("format version", Assert.Throws<ModelFormatException>(() => Model.Load(PathOf("v.safetensors"))).Message);
    }

    [Fact]
    public void UserLayersWithAConfigRecordRegisterInOneCall()
    {
        var layer = new Shift(new ShiftConfig(3, 0.5));
        Assert.Equal("Shift(features=3, start=0.5)", layer.ToString());
        Model.Save(layer, PathOf("shift.safetensors"));
        Assert.Contains("unknown layer type 'Shift'", Assert.Throws<ModelFormatException>(() => Model.Load(PathOf("shift.safetensors"))).Message);

        Model.RegisterLayer<Shift>();
        var loaded = Model.Load(PathOf("shift.safetensors"));
        Assert.Equal(new ShiftConfig(3, 0.5), ((Shift)loaded).Config);
        Assert.Equal(layer.Forward(Tensor.Ones([1, 3])).ToArray(), loaded.Forward(Tensor.Ones([1, 3])).ToArray());
        Assert.Throws<ArgumentException>(() => Model.RegisterLayer<Scaled>());
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

    public sealed record ShiftConfig([Setting(Min = 1)] int Features, double Start = 0);

    /// <summary>A user layer with a config record: the layer, its record, and no factory.</summary>
    public sealed class Shift : Module, IConfigurable<Shift, ShiftConfig>
    {
        public Shift(ShiftConfig config)
        {
            Config = LayerConfig.Validate(config);
            Init.Constant(CreateParameter("shift", [config.Features]), config.Start);
        }

        public ShiftConfig Config { get; }

        public static Shift Create(ShiftConfig config) => new(config);

        public override Tensor Forward(Tensor input) => input + GetParameter("shift");
    }

    private sealed class Scaled : Module
    {
        public Scaled(int n) => Init.Constant(CreateParameter("scale", [n]), 2);

        public override string TypeName => "ModelTestsScaled";

        public override Tensor Forward(Tensor input) => input * GetParameter("scale");

        protected internal override void WriteConfig(ModuleConfig config) => config.Set("n", GetParameter("scale").Count);
    }
}
