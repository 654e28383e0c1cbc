using NeuralSharp.Autograd;
using NeuralSharp.Losses;

namespace NeuralSharp.Tests.Spec;

/// <summary>
/// Every printed number of the course's six worked examples (the 2-2-2 backprop steps, the sigmoid circuit, the
/// quadratic form sum (W x)^2, the small sigmoid networks, sigma'(1) = 0.20), through the public tensor and autograd API.
/// </summary>
public class WorkedNumbersTests
{
    private static Tensor Matrix(double[,] values) => Tensor.FromArray(values);

    private static Tensor Vector(params double[] values) => Tensor.FromArray(values);

    /// <summary>w -= eta * grad for each parameter, outside the graph (one SGD step).</summary>
    private static void Step(double eta, params Tensor[] parameters)
    {
        using (GradMode.NoGrad())
        {
            foreach (var p in parameters)
            {
                p.AddInPlace(p.Grad!, -eta);
            }
        }
    }

    [Fact]
    public void Example1_TwoTwoTwoSigmoidNetworkForwardErrorAndOneStep()
    {
        var x = Vector(0.05, 0.10);
        var w1 = Matrix(new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }).RequireGrad();
        var w2 = Matrix(new[,] { { 0.40, 0.45 }, { 0.50, 0.55 } }).RequireGrad();
        var b1 = Tensor.Scalar(0.35, DType.Float64); // biases held: not parameters of this step
        var b2 = Tensor.Scalar(0.60, DType.Float64);
        var target = Vector(0.01, 0.99);

        var hidden = (w1.MatMul(x) + b1).Sigmoid();
        var output = (w2.MatMul(hidden) + b2).Sigmoid();
        var error = Loss.Quadratic(output, target, Reduction.Sum);
        TestData.AssertClose([0.593269992, 0.596884378], hidden);
        TestData.AssertClose([0.751365070, 0.772928465], output);
        Assert.Equal(0.298371109, error.ItemAsDouble(), 1e-6);

        error.Backward();
        Step(0.5, w1, w2);
        TestData.AssertClose([0.358916480, 0.408666186, 0.511301270, 0.561370121], w2);
        TestData.AssertClose([0.149780716, 0.199561432, 0.249751144, 0.299502287], w1);
    }

    [Fact]
    public void Example2_SameShapeWithOtherNumbers()
    {
        // w3, w4 are not printed; any pair with 0.1 w3 + 0.5 w4 = 0.052 gives the printed out_h2.
        var x = Vector(0.1, 0.5);
        var w1 = Matrix(new[,] { { 0.04, 0.12 }, { 0.02, 0.10 } }).RequireGrad();
        var w2 = Matrix(new[,] { { 0.24, 0.32 } }).RequireGrad(); // o2 does not affect E_o1 or dE/dw5
        var b1 = Tensor.Scalar(0.40, DType.Float64);
        var b2 = Tensor.Scalar(0.36, DType.Float64);

        var netHidden = w1.MatMul(x) + b1;
        var hidden = netHidden.Sigmoid();
        var netOutput = w2.MatMul(hidden) + b2;
        var output = netOutput.Sigmoid();
        var error = Loss.Quadratic(output, Vector(0.05), Reduction.Sum);
        Assert.Equal(0.464, netHidden.ToDoubleArray()[0], 1e-6);
        Assert.Equal(0.613962657, hidden.ToDoubleArray()[0], 1e-6);
        Assert.Equal(0.611114647, hidden.ToDoubleArray()[1], 1e-6);
        Assert.Equal(0.702907725, netOutput.ItemAsDouble(), 1e-6);
        Assert.Equal(0.668832137, output.ItemAsDouble(), 1e-6);
        Assert.Equal(0.191476607, error.ItemAsDouble(), 1e-6);

        error.Backward();
        Assert.Equal(0.084155041, w2.Grad!.ToDoubleArray()[0], 1e-6);
        Step(0.5, w2);
        Assert.Equal(0.197922480, w2.ToDoubleArray()[0], 1e-6);
    }

    [Fact]
    public void Example3_TheSigmoidCircuit()
    {
        var w = Vector(2, -3, -3).RequireGrad();
        var x = Vector(-1, -2).RequireGrad();
        var f = (1.0 / (1.0 + (-((w.Narrow(0, 0, 2) * x).Sum() + w.Narrow(0, 2, 1).Sum())).Exp()));
        Assert.Equal(0.73, f.ItemAsDouble(), 0.01);
        f.Backward();
        TestData.AssertClose([-0.20, -0.39, 0.20], w.Grad!, 0.01);
        TestData.AssertClose([0.39, -0.59], x.Grad!, 0.01);
    }

    [Fact]
    public void Example4_SumOfSquaresOfAMatrixVectorProduct()
    {
        var w = Matrix(new[,] { { 0.1, 0.5 }, { -0.3, 0.8 } }).RequireGrad();
        var x = Vector(0.2, 0.4).RequireGrad();
        var q = w.MatMul(x);
        var f = q.Square().Sum();
        TestData.AssertClose([0.22, 0.26], q);
        Assert.Equal(0.116, f.ItemAsDouble(), 1e-6);
        f.Backward();
        TestData.AssertClose([0.088, 0.176, 0.104, 0.208], w.Grad!);
        TestData.AssertClose([-0.112, 0.636], x.Grad!);
    }

    [Fact]
    public void Example5_ThreeLayerSigmoidNetwork()
    {
        var layers = new[]
        {
            (W: Matrix(new[,] { { 1.0, -2 }, { -1, 1 } }), B: Vector(1, 0)),
            (W: Matrix(new[,] { { 2.0, -1 }, { -2, -1 } }), B: Vector(0, 0)),
            (W: Matrix(new[,] { { 3.0, -1 }, { -1, 4 } }), B: Vector(-2, 2)),
        };
        Tensor Network(Tensor x) => layers.Aggregate(x, (a, layer) => (layer.W.MatMul(a) + layer.B).Sigmoid());

        TestData.AssertClose([0.98, 0.12], (layers[0].W.MatMul(Vector(1, -1)) + layers[0].B).Sigmoid(), 0.01);
        TestData.AssertClose([0.62, 0.83], Network(Vector(1, -1)), 0.01);
        TestData.AssertClose([0.51, 0.85], Network(Vector(0, 0)), 0.01);
    }

    [Fact]
    public void Example6_SigmoidDerivativeAtOne()
    {
        var z = Vector(1).RequireGrad();
        var s = z.Sigmoid();
        s.Backward(Tensor.OnesLike(s));
        Assert.Equal(0.73, s.ItemAsDouble(), 0.01);
        Assert.Equal(0.20, z.Grad!.ItemAsDouble(), 0.01);
        Assert.Equal(0.73 * 0.27, z.Grad!.ItemAsDouble(), 0.01);
        var exact = 1 / (1 + Math.Exp(-1));
        Assert.Equal(exact * (1 - exact), z.Grad!.ItemAsDouble(), 1e-12);

        var (_, tangent) = ForwardAD.Jvp(t => t.Sigmoid(), Vector(1), Vector(1));
        Assert.Equal(z.Grad!.ItemAsDouble(), tangent.ItemAsDouble(), 1e-15);
    }
}
