using NeuralSharp.Diagnostics;

namespace NeuralSharp.Tests.Diagnostics;

/// <summary>
/// The backprop trace reproduces the worked 2-2-2 example line by line (out_h1 = 0.593269992, E_total = 0.298371109,
/// w5 after the step = 0.358916480), from the library's autograd.
/// </summary>
public class BackpropTraceTests
{
    private static readonly BackpropTrace Trace = BackpropTrace.WorkedExample();

    public static TheoryData<string, double> Spec12Example1 => new()
    {
        { "out_h1", 0.593269992 }, { "out_h2", 0.596884378 }, { "out_o1", 0.751365070 }, { "out_o2", 0.772928465 },
        { "E_total", 0.298371109 },
        { "w5'", 0.358916480 }, { "w6'", 0.408666186 }, { "w7'", 0.511301270 }, { "w8'", 0.561370121 },
        { "w1'", 0.149780716 }, { "w2'", 0.199561432 }, { "w3'", 0.249751144 }, { "w4'", 0.299502287 },
    };

    [Theory]
    [MemberData(nameof(Spec12Example1))]
    public void ReproducesTheWorkedNumbers(string name, double expected) =>
        Assert.Equal(expected, Trace[name], 1e-6);

    [Fact]
    public void IntermediateValuesOfTheCourseWalkThrough()
    {
        Assert.Equal(0.3775, Trace["net_h1"], 1e-9);
        Assert.Equal(0.274811083, Trace["E_o1"], 1e-6);
        Assert.Equal(0.023560026, Trace["E_o2"], 1e-6);
        Assert.Equal(0.74136507, Trace["dE_total/dout_o1"], 1e-6);
        Assert.Equal(0.186815602, Trace["dout_o1/dnet_o1"], 1e-6);
        Assert.Equal(0.593269992, Trace["dnet_o1/dw5"], 1e-6);
        Assert.Equal(0.082167041, Trace["dE_total/dw5"], 1e-6);
        Assert.Equal(0.138498562, Trace["dE_total/dnet_o1"], 1e-6);
        Assert.Equal(0.055399425, Trace["dE_o1/dout_h1"], 1e-6);
        Assert.Equal(-0.019049119, Trace["dE_o2/dout_h1"], 1e-6);
        Assert.Equal(0.036350306, Trace["dE_total/dout_h1"], 1e-6);
        Assert.Equal(0.241300709, Trace["dout_h1/dnet_h1"], 1e-6);
        Assert.Equal(0.05, Trace["dnet_h1/dw1"], 1e-12);
        Assert.Equal(0.000438568, Trace["dE_total/dw1"], 1e-9);
    }

    [Fact]
    public void ChainRuleProductsEqualTheWholeGraphGradients()
    {
        for (var w = 1; w <= 8; w++)
        {
            var (n, input) = w switch
            {
                <= 2 => ("h1", w == 1 ? "i1" : "i2"),
                <= 4 => ("h2", w == 3 ? "i1" : "i2"),
                <= 6 => ("o1", w == 5 ? "out_h1" : "out_h2"),
                _ => ("o2", w == 7 ? "out_h1" : "out_h2"),
            };
            var product = Trace[$"dE_total/dout_{n}"] * Trace[$"dout_{n}/dnet_{n}"] * Trace[$"dnet_{n}/dw{w}"];
            Assert.Equal(Trace[$"dE_total/dw{w}"], product, 1e-12);
            Assert.Equal(Trace[input], Trace[$"dnet_{n}/dw{w}"], 1e-12);
        }

        // The sum over paths: dE_total/dout_h1 = dE_o1/dout_h1 + dE_o2/dout_h1.
        Assert.Equal(Trace["dE_total/dout_h1"], Trace["dE_o1/dout_h1"] + Trace["dE_o2/dout_h1"], 1e-12);
    }

    [Fact]
    public void LinesFollowTheCourseNotationAndOrder()
    {
        var text = Trace.ToString();
        string[] expectedInOrder =
        [
            "net_h1 = w1 * i1 + w2 * i2 + b1 = 0.15 * 0.05 + 0.2 * 0.1 + 0.35 * 1 = 0.3775",
            "out_h1 = 1 / (1 + e^-net_h1) = 0.593269992",
            "net_o1 = w5 * out_h1 + w6 * out_h2 + b2 = 0.4 * 0.593269992 + 0.45 * 0.596884378 + 0.6 * 1 = 1.105905967",
            "out_o1 = 1 / (1 + e^-net_o1) = 0.75136507",
            "E_total = E_o1 + E_o2 = 0.298371109",
            "dE_total/dout_o1 = -(target_o1 - out_o1) = -(0.01 - 0.75136507) = 0.74136507",
            "dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5 = 0.74136507 * 0.186815602 * 0.593269992 = 0.082167041",
            "w5' = w5 - eta * dE_total/dw5 = 0.4 - 0.5 * 0.082167041 = 0.35891648",
            "dE_o1/dout_h1 = dE_o1/dnet_o1 * dnet_o1/dout_h1 = 0.138498562 * 0.4 = 0.055399425",
            // The course prints -0.019049119: its rounding of -0.0190491185.
            "dE_total/dout_h1 = dE_o1/dout_h1 + dE_o2/dout_h1 = 0.055399425 + -0.019049118 = 0.036350306",
            "w1' = w1 - eta * dE_total/dw1 = 0.15 - 0.5 * 0.000438568 = 0.149780716",
        ];
        var at = 0;
        foreach (var line in expectedInOrder)
        {
            var found = Trace.Lines.Skip(at).ToList().IndexOf(line);
            Assert.True(found >= 0, $"missing or out of order: {line}\n{text}");
            at += found + 1;
        }
    }

    [Fact]
    public void BiasesAreHeldUnlessAskedAndDeeperNetworksAreNamed()
    {
        Assert.False(Trace.Values.ContainsKey("b1'"));
        var withBiases = BackpropTrace.Run(
            [0.05, 0.10],
            [0.01, 0.99],
            [new BackpropLayer(new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }, 0.35), new BackpropLayer(new[,] { { 0.40, 0.45 }, { 0.50, 0.55 } }, 0.60)],
            learningRate: 0.5,
            updateBiases: true);
        Assert.Equal(Trace["dE_total/dnet_o1"] + Trace["dE_total/dnet_o2"], withBiases["dE_total/db2"], 1e-12);
        Assert.Equal(0.6 - (0.5 * withBiases["dE_total/db2"]), withBiases["b2'"], 1e-12);

        var deep = BackpropTrace.Run(
            [1.0],
            [0.5],
            [new BackpropLayer(new[,] { { 0.3 } }, 0.1), new BackpropLayer(new[,] { { -0.2 } }, 0.0), new BackpropLayer(new[,] { { 0.7 } }, 0.2)],
            learningRate: 1.0);
        Assert.Contains("out_h1_2", deep.Values.Keys);
        Assert.Equal(deep["dE_total/dout_h1_2"], deep["dE_total/dnet_o1"] * 0.7, 1e-12);
        Assert.Equal(deep["dE_total/dout_h1_1"], deep["dE_total/dnet_h1_2"] * -0.2, 1e-12);
        Assert.Contains("dE_total/dout_h1_1 = dE_total/dout_h1_1 via net_h1_2 = -0.001051706", deep.Lines);
        Assert.Equal(0.3 - deep["dE_total/dw1"], deep["w1'"], 1e-12);
    }

    [Fact]
    public void MismatchedShapesAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => BackpropTrace.Run([1.0, 2.0], [0.5], [new BackpropLayer(new[,] { { 0.3 } }, 0.1)], 0.5));
        Assert.Contains("layer 1 has weights for 1 inputs, but receives 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStartingWeightsAndBiasesAreNamedBesideTheirUpdates()
    {
        Assert.Equal(0.15, Trace["w1"]);
        Assert.Equal(0.40, Trace["w5"]);
        Assert.Equal(0.55, Trace["w8"]);
        Assert.Equal(0.35, Trace["b1"]);
        Assert.Equal(0.60, Trace["b2"]);
        Assert.Equal(0.358916480, Trace["w5'"], 9);
    }
}
