using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Demos;

/// <summary>What <see cref="LinearCollapseDemo"/> measures.</summary>
/// <param name="Layers">The number of Linear layers in the deep network.</param>
/// <param name="Sizes">The layer sizes, input first.</param>
/// <param name="MaxDifference">The largest |deep(x) - (W x + b)| over the test inputs, W and b the collapsed map.</param>
/// <param name="MaxOutput">The largest |deep(x)|, for scale.</param>
/// <param name="ReluMaxDifference">The same comparison with a ReLU after every hidden layer: the collapsed map no longer describes the network.</param>
/// <param name="T">Positions t along a line x0 + t v through input space.</param>
/// <param name="Deep">The deep linear network's first output along that line.</param>
/// <param name="Collapsed">The collapsed map's first output along the line.</param>
/// <param name="Relu">The ReLU network's first output along the line (same weights).</param>
public sealed record LinearCollapseResult(int Layers, IReadOnlyList<int> Sizes, double MaxDifference, double MaxOutput, double ReluMaxDifference,
    double[] T, double[] Deep, double[] Collapsed, double[] Relu);

/// <summary>
/// Without non-linearities depth buys nothing: W_L(...(W_2(W_1 x + b_1) + b_2)...) + b_L is the single affine
/// map W x + b with W = W_L ... W_1 and b = W_L(... (W_2 b_1 + b_2) ...) + b_L. The demo multiplies the weight
/// matrices out and compares the two numerically (float64), then puts a ReLU between the layers to show that
/// the product no longer describes the network.
/// </summary>
public static class LinearCollapseDemo
{
    /// <summary>Runs the comparison for a network with the given layer sizes on <paramref name="inputs"/> random inputs.</summary>
    public static LinearCollapseResult Run(int[]? sizes = null, int inputs = 200, int seed = 1)
    {
        sizes ??= [8, 32, 32, 32, 32, 32, 4];
        var net = DemoNetworks.Mlp(sizes, () => new Identity(), new Generator(seed)).Double();
        var relu = DemoNetworks.Mlp(sizes, () => new ReLU(), new Generator(seed)).Double();
        var (w, b) = Collapse(DemoNetworks.Linears(net));

        var g = new Generator(seed + 1);
        var x = Tensor.Randn([inputs, sizes[0]], generator: g, dtype: DType.Float64);
        var x0 = Tensor.Randn([1, sizes[0]], generator: g, dtype: DType.Float64);
        var v = Tensor.Randn([1, sizes[0]], generator: g, dtype: DType.Float64);
        var t = Tensor.Linspace(-3, 3, 121, DType.Float64);
        var line = x0 + (t.Reshape(-1, 1) * v);
        using var _ = GradMode.NoGrad();
        var deep = net.Forward(x);
        var collapsed = Affine(x, w, b);
        return new LinearCollapseResult(
            DemoNetworks.Linears(net).Length,
            sizes,
            MaxAbs(deep - collapsed),
            MaxAbs(deep),
            MaxAbs(relu.Forward(x) - collapsed),
            t.ToDoubleArray(),
            FirstColumn(net.Forward(line)),
            FirstColumn(Affine(line, w, b)),
            FirstColumn(relu.Forward(line)));
    }

    /// <summary>
    /// The one affine map equal to a chain of Linear layers: starting from W = I and b = 0, each layer
    /// (W_l, b_l) makes W = W_l W and b = W_l b + b_l. Returns W [out, in] and b [out].
    /// </summary>
    public static (Tensor Weight, Tensor Bias) Collapse(IReadOnlyList<Linear> layers)
    {
        using var _ = GradMode.NoGrad();
        var dtype = layers[0].Weight.DType;
        var w = Tensor.Eye(layers[0].InFeatures, dtype);
        var b = Tensor.Zeros([layers[0].InFeatures], dtype);
        foreach (var layer in layers)
        {
            w = layer.Weight.MatMul(w);
            b = layer.Weight.MatMul(b.Reshape(-1, 1)).Reshape(-1);
            if (layer.Bias is { } bias)
            {
                b = b + bias;
            }
        }

        return (w, b);
    }

    private static Tensor Affine(Tensor x, Tensor w, Tensor b) => x.MatMul(w.T) + b;

    private static double MaxAbs(Tensor t) => t.ToDoubleArray().Max(Math.Abs);

    private static double[] FirstColumn(Tensor t) => t.Narrow(1, 0, 1).Reshape(-1).ToDoubleArray();
}
