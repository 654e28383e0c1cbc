using System.Text.Json;
using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>
/// LSTM, GRU, LSTMCell, GRUCell and Embedding against PyTorch (tests/python/recurrent_reference.py writes
/// Fixtures/torch/recurrent.json: the same weights, outputs, final states and every gradient), against finite
/// differences, and their names, printing and input checks.
/// </summary>
public sealed class RecurrentTests
{
    private static readonly Lazy<JsonElement[]> Cases = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch", "recurrent.json")));
        return [.. doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone())];
    });

    public static TheoryData<string> CaseNames => new(Cases.Value.Select(c => c.GetProperty("name").GetString()!));

    private static Tensor Read(JsonElement t) =>
        Tensor.FromArray([.. t.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())], [.. t.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32())]);

    private static int Int(JsonElement config, string key, int fallback) => config.TryGetProperty(key, out var v) ? v.GetInt32() : fallback;

    private static bool Flag(JsonElement config, string key, bool fallback = false) => config.TryGetProperty(key, out var v) ? v.GetBoolean() : fallback;

    private static ModuleBase Build(string kind, JsonElement c)
    {
        int input = Int(c, "input_size", 0), hidden = Int(c, "hidden_size", 0), layers = Int(c, "num_layers", 1);
        bool bias = Flag(c, "bias", true), batchFirst = Flag(c, "batch_first"), bidirectional = Flag(c, "bidirectional");
        return kind switch
        {
            "LSTM" => new LSTM(input, hidden, layers, bias, batchFirst, bidirectional: bidirectional),
            "GRU" => new GRU(input, hidden, layers, bias, batchFirst, bidirectional: bidirectional),
            "LSTMCell" => new LSTMCell(input, hidden, bias),
            "GRUCell" => new GRUCell(input, hidden, bias),
            "Embedding" => new Embedding(Int(c, "num_embeddings", 0), Int(c, "embedding_dim", 0), c.TryGetProperty("padding_idx", out var p) ? p.GetInt32() : null),
            _ => throw new InvalidOperationException(kind),
        };
    }

    /// <summary>Runs a module of the fixture's kinds on an input and states, returning every output in PyTorch's order.</summary>
    private static Tensor[] Run(ModuleBase m, Tensor x, Tensor[] states) => m switch
    {
        LSTM l => Flatten(l.Forward((x, states.Length > 0 ? (states[0], states[1]) : null))),
        GRU g => g.Forward((x, states.Length > 0 ? states[0] : null)) is var (y, h) ? [y, h] : [],
        LSTMCell l => l.Forward((x, states.Length > 0 ? (states[0], states[1]) : null)) is var (h, c) ? [h, c] : [],
        GRUCell g => [g.Forward((x, states.Length > 0 ? states[0] : null))],
        Embedding e => [e.Forward(x)],
        _ => throw new InvalidOperationException(m.TypeName),
    };

    private static Tensor[] RunPadded(ModuleBase m, Tensor x, int[] lengths, Tensor[] states) => m switch
    {
        LSTM l => Flatten(l.ForwardPadded(x, lengths, states.Length > 0 ? (states[0], states[1]) : null)),
        GRU g => g.ForwardPadded(x, lengths, states.Length > 0 ? states[0] : null) is var (y, h) ? [y, h] : [],
        _ => throw new InvalidOperationException(m.TypeName),
    };

    private static Tensor[] Flatten((Tensor Output, (Tensor H, Tensor C) State) r) => [r.Output, r.State.H, r.State.C];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void OutputsStatesAndGradientsMatchPyTorch(string name)
    {
        var c = Cases.Value.Single(e => e.GetProperty("name").GetString() == name);
        var kind = c.GetProperty("kind").GetString()!;
        var module = Build(kind, c.GetProperty("config")).Double();
        var parameters = c.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => Read(p.Value));
        var loaded = module.LoadStateDict(parameters);
        Assert.Empty(loaded.MissingKeys);
        Assert.Empty(loaded.UnexpectedKeys);
        Assert.Equal(parameters.Keys, module.StateDict().Keys);
        Assert.Equal(c.GetProperty("repr").GetString(), module.ToString());

        var x = Read(c.GetProperty("input"));
        var differentiable = kind != "Embedding";
        if (differentiable)
        {
            x.RequireGrad();
        }

        var states = c.TryGetProperty("states", out var s) ? s.EnumerateArray().Select(t => Read(t).RequireGrad()).ToArray() : [];
        var lengths = c.TryGetProperty("lengths", out var ls) ? ls.EnumerateArray().Select(v => v.GetInt32()).ToArray() : null;
        var outputs = lengths is null ? Run(module, x, states) : RunPadded(module, x, lengths, states);
        var expected = c.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, outputs.Length);
        var upstream = c.GetProperty("upstream").EnumerateArray().Select(Read).ToArray();
        Tensor? loss = null;
        for (var i = 0; i < outputs.Length; i++)
        {
            Assert.Equal(Read(expected[i]).Shape, outputs[i].Shape);
            TestData.AssertClose(Read(expected[i]).ToDoubleArray(), outputs[i], 1e-10);
            var term = (outputs[i] * upstream[i]).Sum();
            loss = loss is null ? term : loss + term;
        }

        loss!.Backward();
        Tensor[] inputs = differentiable ? [x, .. states] : [];
        var inputGradients = c.GetProperty("input_gradients").EnumerateArray().Select(Read).ToArray();
        Assert.Equal(inputGradients.Length, inputs.Length);
        for (var i = 0; i < inputs.Length; i++)
        {
            TestData.AssertClose(inputGradients[i].ToDoubleArray(), inputs[i].Grad!, 1e-10);
        }

        var named = module.NamedParameters().ToDictionary(p => p.Key, p => p.Value);
        foreach (var g in c.GetProperty("parameter_gradients").EnumerateObject())
        {
            TestData.AssertClose(Read(g.Value).ToDoubleArray(), named[g.Name].Grad!, 1e-10);
        }
    }

    [Fact]
    public void TheFixtureCoversLayersDirectionsLayoutsAndStates()
    {
        var configs = Cases.Value.Select(c => c.GetProperty("config")).ToArray();
        Assert.Contains(configs, c => Int(c, "num_layers", 1) == 2 && Flag(c, "bidirectional"));
        Assert.Contains(configs, c => Flag(c, "batch_first"));
        Assert.Contains(Cases.Value, c => c.TryGetProperty("lengths", out _) && c.GetProperty("kind").GetString() == "LSTM");
        Assert.Contains(Cases.Value, c => c.TryGetProperty("lengths", out _) && c.GetProperty("kind").GetString() == "GRU");
        Assert.Contains(Cases.Value, c => c.TryGetProperty("states", out _) && c.GetProperty("kind").GetString() == "LSTM");
        Assert.Contains(Cases.Value, c => c.TryGetProperty("states", out _) && c.GetProperty("kind").GetString() == "GRU");
        Assert.Equal(["Embedding", "GRU", "GRUCell", "LSTM", "LSTMCell"], Cases.Value.Select(c => c.GetProperty("kind").GetString()!).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>Checks the gradients of a weighted sum of every output with respect to the inputs and every parameter against finite differences.</summary>
    private static void CheckGradients<TIn, TOut>(Module<TIn, TOut> module, Func<Tensor[], TIn> input, Func<TOut, Tensor[]> outputs, params Tensor[] inputs)
    {
        var names = module.NamedParameters().Select(p => p.Key).ToArray();
        Tensor[] all = [.. inputs, .. module.Parameters().Select(t => t.Detach())];
        var result = GradCheck.Check(
            xs =>
            {
                var map = names.Select((n, i) => new KeyValuePair<string, Tensor>(n, xs[inputs.Length + i])).ToDictionary();
                var ys = outputs(module.FunctionalCall(map, input(xs)));
                return ys.Select((y, i) => (y * (i + 1.5)).Sum()).Aggregate((a, b) => a + b);
            },
            all);
        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void LstmGradientsMatchFiniteDifferences()
    {
        var lstm = new LSTM(2, 2, numLayers: 2, bidirectional: true, generator: new Generator(1)).Double();
        CheckGradients(lstm, xs => (xs[0], (xs[1], xs[2])), r => [r.Output, r.State.H, r.State.C], TestData.Randn(3, 2, 2), TestData.Seeded(1, 4, 2, 2), TestData.Seeded(2, 4, 2, 2));
        var batchFirst = new LSTM(2, 3, batchFirst: true, bias: false, generator: new Generator(2)).Double();
        CheckGradients(batchFirst, xs => (xs[0], null), r => [r.Output, r.State.C], TestData.Randn(2, 3, 2));
    }

    [Fact]
    public void GruGradientsMatchFiniteDifferences()
    {
        var gru = new GRU(2, 2, numLayers: 2, bidirectional: true, generator: new Generator(3)).Double();
        CheckGradients(gru, xs => (xs[0], xs[1]), r => [r.Output, r.Hidden], TestData.Randn(3, 2, 2), TestData.Seeded(3, 4, 2, 2));
        var unbatched = new GRU(3, 2, generator: new Generator(4)).Double();
        CheckGradients(unbatched, xs => (xs[0], null), r => [r.Output, r.Hidden], TestData.Randn(4, 3));
    }

    [Fact]
    public void CellGradientsMatchFiniteDifferences()
    {
        var lstm = new LSTMCell(3, 2, generator: new Generator(5)).Double();
        CheckGradients(lstm, xs => (xs[0], (xs[1], xs[2])), r => [r.H, r.C], TestData.Randn(2, 3), TestData.Seeded(5, 2, 2), TestData.Seeded(6, 2, 2));
        var gru = new GRUCell(3, 2, generator: new Generator(6)).Double();
        CheckGradients(gru, xs => (xs[0], xs[1]), r => [r], TestData.Randn(2, 3), TestData.Seeded(7, 2, 2));
        CheckGradients(gru, xs => (xs[0], null), r => [r], TestData.Randn(3));
    }

    [Fact]
    public void EmbeddingGradientsMatchFiniteDifferencesAndSkipThePaddingRow()
    {
        var e = new Embedding(5, 3, paddingIdx: -1, generator: new Generator(7)).Double();
        Assert.Equal(4, e.Config.PaddingIdx);
        Assert.All(e.Weight.Narrow(0, 4, 1).ToDoubleArray(), v => Assert.Equal(0, v));
        var tokens = Tensor.FromArray([0.0, 4, 2, 2, 4, 1], 2, 3);
        var names = new[] { "weight" };

        // Without a padding row every looked-up row gets the gradient; the padding row's is zero by design (it is not a function's derivative).
        var plain = new Embedding(5, 3, generator: new Generator(7)).Double();
        var result = GradCheck.Check(w => (plain.FunctionalCall(new Dictionary<string, Tensor> { ["weight"] = w }, tokens) * TestData.Randn(2, 3, 3)).Sum(), plain.Weight.Detach());
        Assert.True(result.Passed, result.Message);

        e.Forward(tokens).Sum().Backward();
        var grad = e.Weight.Grad!.ToDoubleArray();
        Assert.Equal([1, 1, 1, 1, 1, 1, 2, 2, 2, 0, 0, 0, 0, 0, 0], grad);
        Assert.Equal(names, e.StateDict().Keys);
    }

    [Fact]
    public void StateDictNamesFollowPyTorch()
    {
        Assert.Equal(
            ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
             "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"],
            new LSTM(10, 20, numLayers: 2, bidirectional: true).StateDict().Keys);
        var lstm = new LSTM(10, 20, numLayers: 2, bidirectional: true).StateDict();
        Assert.Equal(new Shape(80, 10), lstm["weight_ih_l0"].Shape);
        Assert.Equal(new Shape(80, 40), lstm["weight_ih_l1_reverse"].Shape);
        Assert.Equal(new Shape(80, 20), lstm["weight_hh_l1"].Shape);
        Assert.Equal(["weight_ih_l0", "weight_hh_l0"], new GRU(4, 5, bias: false).StateDict().Keys);
        Assert.Equal(new Shape(15, 4), new GRU(4, 5).StateDict()["weight_ih_l0"].Shape);
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], new LSTMCell(3, 2).StateDict().Keys);
        Assert.Equal(new Shape(6, 2), new GRUCell(3, 2).StateDict()["weight_hh"].Shape);

        // PyTorch's default initialisation: uniform in [-1/sqrt(hidden), 1/sqrt(hidden)].
        var bound = 1 / Math.Sqrt(20);
        Assert.All(lstm.Values.SelectMany(t => t.ToDoubleArray()), v => Assert.InRange(v, -bound, bound));
        Assert.Contains(lstm["weight_hh_l0"].ToDoubleArray(), v => Math.Abs(v) > bound / 2);
    }

    [Fact]
    public void PrintingFollowsPyTorch()
    {
        Assert.Equal("LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True)", new LSTM(10, 20, numLayers: 2, batchFirst: true, bidirectional: true).ToString());
        Assert.Equal("LSTM(10, 20)", new LSTM(10, 20).ToString());
        Assert.Equal("GRU(3, 4, bias=False, dropout=0.5)", new GRU(3, 4, bias: false, dropout: 0.5).ToString());
        Assert.Equal("LSTMCell(10, 20)", new LSTMCell(10, 20).ToString());
        Assert.Equal("GRUCell(10, 20, bias=False)", new GRUCell(10, 20, bias: false).ToString());
        Assert.Equal("Embedding(10, 3)", new Embedding(10, 3).ToString());
        Assert.Equal("Embedding(10, 3, padding_idx=9)", new Embedding(10, 3, paddingIdx: -1).ToString());
    }

    [Fact]
    public void TheLayersAgreeWithTheirCellsStepByStep()
    {
        var lstm = new LSTM(3, 4, generator: new Generator(8)).Double();
        var cell = new LSTMCell(3, 4).Double();
        cell.LoadStateDict(lstm.StateDict().ToDictionary(p => p.Key[..^3], p => p.Value));
        var x = TestData.Randn(5, 2, 3);
        var (y, (h, c)) = lstm.Forward((x, null));
        (Tensor H, Tensor C)? state = null;
        for (var t = 0; t < 5; t++)
        {
            state = cell.Forward((x.Narrow(0, t, 1).Squeeze(0), state));
            TestData.AssertClose(y.Narrow(0, t, 1).Squeeze(0).ToDoubleArray(), state.Value.H, 1e-12);
        }

        TestData.AssertClose(h.Squeeze(0).ToDoubleArray(), state!.Value.H, 1e-12);
        TestData.AssertClose(c.Squeeze(0).ToDoubleArray(), state.Value.C, 1e-12);

        var gru = new GRU(3, 4, batchFirst: true, generator: new Generator(9)).Double();
        var gcell = new GRUCell(3, 4).Double();
        gcell.LoadStateDict(gru.StateDict().ToDictionary(p => p.Key[..^3], p => p.Value));
        var xb = TestData.Randn(2, 5, 3);
        var (yb, hb) = gru.Forward((xb, null));
        Tensor? hg = null;
        for (var t = 0; t < 5; t++)
        {
            hg = gcell.Forward((xb.Narrow(1, t, 1).Squeeze(1), hg));
        }

        TestData.AssertClose(hb.Squeeze(0).ToDoubleArray(), hg!, 1e-12);
        TestData.AssertClose(yb.Narrow(1, 4, 1).Squeeze(1).ToDoubleArray(), hg!, 1e-12);
    }

    [Fact]
    public void DropoutActsBetweenLayersOnlyInTraining()
    {
        var gru = new GRU(3, 4, numLayers: 2, dropout: 0.5, generator: new Generator(10)).Double();
        var x = TestData.Randn(4, 2, 3);
        var a = gru.Forward((x, null)).Output.ToDoubleArray();
        var b = gru.Forward((x, null)).Output.ToDoubleArray();
        Assert.NotEqual(a, b);
        gru.Eval();
        Assert.Equal(gru.Forward((x, null)).Output.ToDoubleArray(), gru.Forward((x, null)).Output.ToDoubleArray());
        var single = new GRU(3, 4, dropout: 0.5, generator: new Generator(10)).Double();
        Assert.Equal(single.Forward((x, null)).Output.ToDoubleArray(), single.Forward((x, null)).Output.ToDoubleArray());
    }

    [Fact]
    public void ShapeErrorsNameTheLayerAndBothShapes()
    {
        var lstm = new LSTM(3, 4, numLayers: 2);
        var e = Assert.Throws<ArgumentException>(() => lstm.Forward((Tensor.Zeros([5, 2, 6]), null)));
        Assert.Contains("lstm", e.Message);
        Assert.Contains("[5, 2, 6]", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward((Tensor.Zeros([5, 2, 3]), (Tensor.Zeros([1, 2, 4]), Tensor.Zeros([2, 2, 4])))));
        Assert.Contains("[2, 2, 4]", e.Message);
        Assert.Contains("[1, 2, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new GRU(3, 4).Forward((Tensor.Zeros([5, 2, 3]), Tensor.Zeros([1, 3, 4]))));
        Assert.Contains("gru", e.Message);
        Assert.Contains("[1, 3, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new LSTMCell(3, 4).Forward((Tensor.Zeros([2, 3]), (Tensor.Zeros([2, 4]), Tensor.Zeros([3, 4])))));
        Assert.Contains("[3, 4]", e.Message);
        Assert.Contains("[2, 4]", e.Message);
        Assert.Throws<ArgumentException>(() => new GRUCell(3, 4).Forward((Tensor.Zeros([2, 5]), null)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(4, 2).Forward(Tensor.FromArray([0.0, 4], 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(4, 2).Forward(Tensor.FromArray([0.5], 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(4, 2, paddingIdx: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(3, 4, numLayers: 0));
    }

    [Fact]
    public void ElmanAndJordanNetworksComputeTheCourseEquationsWithSharedWeights()
    {
        var x = TestData.Randn(4, 2, 3);
        var elman = new ElmanRNN(3, 5, 2, generator: new Generator(11)).Double();
        var p = elman.StateDict();
        Assert.Equal(["U", "W", "b", "V", "c"], p.Keys);
        Assert.Equal(new Shape(5, 5), p["W"].Shape);
        var h0 = TestData.Seeded(12, 2, 5);
        var (o, last) = elman.Forward((x, h0));
        var h = h0;
        for (var t = 0; t < 4; t++)
        {
            // a(t) = b + W h(t-1) + U x(t); h(t) = tanh(a(t)); o(t) = c + V h(t).
            h = (p["b"] + h.MatMul(p["W"].T) + x.Narrow(0, t, 1).Squeeze(0).MatMul(p["U"].T)).Tanh();
            TestData.AssertClose((p["c"] + h.MatMul(p["V"].T)).ToDoubleArray(), o.Narrow(0, t, 1).Squeeze(0), 1e-12);
        }

        TestData.AssertClose(h.ToDoubleArray(), last, 1e-12);

        var jordan = new JordanRNN(3, 5, 2, generator: new Generator(13)).Double();
        var q = jordan.StateDict();
        Assert.Equal(new Shape(5, 2), q["W"].Shape);
        var (oj, lastJ) = jordan.Forward((x, null));
        var prev = Tensor.Zeros([2, 2], DType.Float64);
        for (var t = 0; t < 4; t++)
        {
            // The output o(t-1), not h(t-1), is fed back.
            var hj = (q["b"] + prev.MatMul(q["W"].T) + x.Narrow(0, t, 1).Squeeze(0).MatMul(q["U"].T)).Tanh();
            prev = q["c"] + hj.MatMul(q["V"].T);
            TestData.AssertClose(prev.ToDoubleArray(), oj.Narrow(0, t, 1).Squeeze(0), 1e-12);
        }

        TestData.AssertClose(prev.ToDoubleArray(), lastJ, 1e-12);

        // Batch-first gives the same numbers transposed.
        var bf = new ElmanRNN(3, 5, 2, batchFirst: true).Double();
        bf.LoadStateDict(p);
        TestData.AssertClose(o.Transpose(0, 1).ToDoubleArray(), bf.Forward((x.Transpose(0, 1), h0)).Output, 1e-12);
    }

    [Fact]
    public void ElmanAndJordanGradientsMatchFiniteDifferences()
    {
        var elman = new ElmanRNN(2, 3, 2, generator: new Generator(14)).Double();
        CheckGradients(elman, xs => (xs[0], xs[1]), r => [r.Output, r.State], TestData.Randn(4, 2, 2), TestData.Seeded(15, 2, 3));
        var jordan = new JordanRNN(2, 3, 2, batchFirst: true, generator: new Generator(16)).Double();
        CheckGradients(jordan, xs => (xs[0], xs[1]), r => [r.Output, r.State], TestData.Randn(2, 4, 2), TestData.Seeded(17, 2, 2));
    }

    [Fact]
    public void ElmanAndJordanPrintAndCheckShapes()
    {
        Assert.Equal("ElmanRNN(3, 5, 2, batch_first=False)", new ElmanRNN(3, 5, 2).ToString());
        Assert.Equal("JordanRNN(3, 5, 2, batch_first=True)", new JordanRNN(3, 5, 2, batchFirst: true).ToString());
        var e = Assert.Throws<ArgumentException>(() => new ElmanRNN(3, 5, 2).Forward((Tensor.Zeros([4, 2, 3]), Tensor.Zeros([2, 2]))));
        Assert.Contains("[2, 5]", e.Message);
        Assert.Contains("[2, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new JordanRNN(3, 5, 2).Forward((Tensor.Zeros([4, 2, 4]), null)));
        Assert.Contains("jordanrnn", e.Message);
        Assert.Contains("[4, 2, 4]", e.Message);
    }

    [Fact]
    public void PaddingValuesChangeNothingAndReceiveNoGradient()
    {
        var lstm = new LSTM(2, 3, numLayers: 2, bidirectional: true, generator: new Generator(18)).Double();
        var gru = new GRU(2, 3, batchFirst: true, bidirectional: true, generator: new Generator(19)).Double();
        int[] lengths = [4, 1, 3];
        var x = TestData.Randn(4, 3, 2);
        var noise = TestData.Seeded(20, 4, 3, 2) * 1000.0;
        var isPad = Tensor.FromArray([.. Enumerable.Range(0, 4).SelectMany(t => lengths.SelectMany(l => t < l ? new[] { 0.0, 0 } : [1.0, 1]))], 4, 3, 2);
        var padded = x + (noise * isPad);

        var (y1, (h1, c1)) = lstm.ForwardPadded(x, lengths);
        var xp = padded.Detach().RequireGrad();
        var (y2, (h2, c2)) = lstm.ForwardPadded(xp, lengths);
        TestData.AssertClose(y1.ToDoubleArray(), y2, 1e-12);
        TestData.AssertClose(h1.ToDoubleArray(), h2, 1e-12);
        TestData.AssertClose(c1.ToDoubleArray(), c2, 1e-12);
        ((y2 * TestData.Seeded(21, 4, 3, 6)).Sum() + h2.Sum() + c2.Sum()).Backward();
        var grad = xp.Grad!.ToDoubleArray();
        var pad = isPad.ToDoubleArray();
        Assert.All(Enumerable.Range(0, grad.Length).Where(i => pad[i] == 1), i => Assert.Equal(0, grad[i]));
        Assert.Contains(grad, g => g != 0);

        // Padded steps output zeros; each sequence alone gives the same outputs and final states.
        Assert.All(y1.Narrow(0, 1, 3).Narrow(1, 1, 1).ToDoubleArray(), v => Assert.Equal(0, v));
        for (var j = 0; j < 3; j++)
        {
            var (yj, (hj, cj)) = lstm.Forward((x.Narrow(1, j, 1).Narrow(0, 0, lengths[j]), null));
            TestData.AssertClose(yj.ToDoubleArray(), y1.Narrow(1, j, 1).Narrow(0, 0, lengths[j]), 1e-12);
            TestData.AssertClose(hj.ToDoubleArray(), h1.Narrow(1, j, 1), 1e-12);
            TestData.AssertClose(cj.ToDoubleArray(), c1.Narrow(1, j, 1), 1e-12);
        }

        var xb = x.Transpose(0, 1);
        var (g1, gh1) = gru.ForwardPadded(xb, lengths);
        var (g2, gh2) = gru.ForwardPadded(padded.Transpose(0, 1), lengths);
        TestData.AssertClose(g1.ToDoubleArray(), g2, 1e-12);
        TestData.AssertClose(gh1.ToDoubleArray(), gh2, 1e-12);

        // Full lengths are the ordinary forward.
        TestData.AssertClose(gru.Forward((xb, null)).Output.ToDoubleArray(), gru.ForwardPadded(xb, [4, 4, 4]).Output, 1e-12);
        var e = Assert.Throws<ArgumentException>(() => lstm.ForwardPadded(x, [4, 0, 3]));
        Assert.Contains("[4, 0, 3]", e.Message);
        Assert.Throws<ArgumentException>(() => gru.ForwardPadded(xb, [4, 4]));
    }

    [Fact]
    public void TruncatedBpttCarriesTheStateAndCutsTheGraphEveryKSteps()
    {
        var lstm = new LSTM(3, 4, generator: new Generator(22)).Double();
        var x = TestData.Randn(7, 2, 3);
        var targets = TestData.Seeded(23, 7, 2, 4);
        Assert.Equal([3, 3, 1], TruncatedBptt.Windows(x, 3).Select(w => w.Size(0)));
        Assert.Equal([2, 2, 2, 1], TruncatedBptt.Windows(x.Transpose(0, 1), 2, batchFirst: true).Select(w => w.Size(1)));

        Tensor Loss(Tensor y, int start) => (y * targets.Narrow(0, start, y.Size(0))).Sum();
        var (state, losses) = TruncatedBptt.Run(
            x,
            3,
            ((Tensor H, Tensor C)?)null,
            (w, start, s) =>
            {
                var (y, next) = lstm.Forward((w, s));
                return (Loss(y, start), next);
            },
            s => s is { } v ? TruncatedBptt.Detach(v) : null);
        Assert.Equal(3, losses.Length);
        var truncated = lstm.Parameters().Select(p => p.Grad!.ToDoubleArray()).ToArray();

        // The forward values are the whole sequence's.
        var (full, (h, c)) = lstm.Forward((x, null));
        TestData.AssertClose(h.ToDoubleArray(), state!.Value.H, 1e-12);
        TestData.AssertClose(c.ToDoubleArray(), state.Value.C, 1e-12);
        Assert.False(state.Value.H.RequiresGrad);

        // The gradients are each window's, from its detached starting state, summed.
        var expected = lstm.Parameters().Select(p => new double[p.Count]).ToArray();
        foreach (var start in new[] { 0, 3, 6 })
        {
            lstm.ZeroGrad();
            (Tensor H, Tensor C)? s = start == 0 ? null : TruncatedBptt.Detach(lstm.Forward((x.Narrow(0, 0, start), null)).State);
            var w = x.Narrow(0, start, Math.Min(3, 7 - start));
            Loss(lstm.Forward((w, s)).Output, start).Backward();
            var ps = lstm.Parameters().ToArray();
            for (var i = 0; i < ps.Length; i++)
            {
                var g = ps[i].Grad!.ToDoubleArray();
                for (var j = 0; j < g.Length; j++)
                {
                    expected[i][j] += g[j];
                }
            }
        }

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Length, truncated[i].Length);
            Assert.All(Enumerable.Range(0, expected[i].Length), j => Assert.True(Math.Abs(expected[i][j] - truncated[i][j]) < 1e-10));
        }

        // Full backpropagation through time differs: the truncation is real.
        lstm.ZeroGrad();
        Loss(full, 0).Backward();
        Assert.NotEqual(lstm.NamedParameters().Single(p => p.Key == "weight_hh_l0").Value.Grad!.ToDoubleArray(), truncated[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => TruncatedBptt.Windows(x, 0));
    }

    [Fact]
    public void ATimeDelayNetworkIsAConvolutionOverTime()
    {
        // A time-delay network applies the same weights to every window x(t-2), x(t-1), x(t): a Conv1d over time
        // on [N, features, T] with kernel 3, its output at t a function of those three steps only.
        var x = TestData.Randn(2, 3, 8);
        var weight = TestData.Seeded(24, 4, 3, 3);
        var bias = TestData.Seeded(25, 4);
        var y = Tensor.Conv1d(x, weight, bias);
        Assert.Equal(new Shape(2, 4, 6), y.Shape);
        var flat = weight.Reshape(4, 9);
        for (var t = 0; t < 6; t++)
        {
            var window = x.Narrow(2, t, 3).Reshape(2, 9);
            TestData.AssertClose(Tensor.Linear(window, flat, bias).ToDoubleArray(), y.Narrow(2, t, 1).Squeeze(2), 1e-12);
        }
    }
}
