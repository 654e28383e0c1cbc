using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Tests.Spec;

/// <summary>
/// The worked 2-2-2 backprop step (E_total = 0.298371109, then w5 = 0.358916480, w1 = 0.149780716) and the
/// three-layer sigmoid network ([1, -1] to [0.62, 0.83]) again, through the module API (Sequential, Linear,
/// Sigmoid, QuadraticLoss, SGD).
/// </summary>
public class WorkedNumbersModuleTests
{
    /// <summary>Linear layers with Sigmoid after each, in double precision, with the given weights ([out, in]) and biases.</summary>
    private static Sequential SigmoidNetwork(params (double[,] Weight, double[] Bias)[] layers)
    {
        var net = new Sequential();
        foreach (var (w, _) in layers)
        {
            net.Add(new Linear(w.GetLength(1), w.GetLength(0), generator: new Generator(0)));
            net.Add(new Sigmoid());
        }

        net.To(DType.Float64);
        using (GradMode.NoGrad())
        {
            for (var i = 0; i < layers.Length; i++)
            {
                var linear = (Linear)net[2 * i];
                linear.Weight.CopyFrom(Tensor.FromArray(layers[i].Weight));
                linear.Bias!.CopyFrom(Tensor.FromArray(layers[i].Bias));
            }
        }

        return net;
    }

    [Fact]
    public void Example1_ThroughSequentialQuadraticLossAndSgd()
    {
        // The course shares one bias per layer: b1 = 0.35 for both hidden units, b2 = 0.60 for both outputs.
        var net = SigmoidNetwork(
            (new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }, [0.35, 0.35]),
            (new[,] { { 0.40, 0.45 }, { 0.50, 0.55 } }, [0.60, 0.60]));
        var l1 = (Linear)net[0];
        var l2 = (Linear)net[2];
        var x = Tensor.FromArray([0.05, 0.10], 1, 2);
        var target = Tensor.FromArray([0.01, 0.99], 1, 2);

        var hidden = net[1].Forward(l1.Forward(x));
        TestData.AssertClose([0.593269992, 0.596884378], hidden);
        var output = net.Forward(x);
        TestData.AssertClose([0.751365070, 0.772928465], output);

        // E_total = sum over the outputs of 1/2 (target - out)^2. The mean is over examples, not
        // elements, so for one example the default reduction and Sum both give it.
        var loss = new QuadraticLoss();
        Assert.Equal(Reduction.Mean, loss.Reduction);
        var error = loss.Compute(output, target);
        Assert.Equal(0.298371109, error.ItemAsDouble(), 1e-6);
        Assert.Equal(0.298371109, new QuadraticLoss(Reduction.Sum).Compute(output, target).ItemAsDouble(), 1e-6);

        // Biases held: only the weights are given to the optimiser.
        var sgd = new SGD(new[] { l1.Weight, l2.Weight }, learningRate: 0.5);
        sgd.ZeroGrad();
        error.Backward();
        Assert.Equal(0.082167041, l2.Weight.Grad!.ToDoubleArray()[0], 1e-6);
        sgd.Step();

        TestData.AssertClose([0.358916480, 0.408666186, 0.511301270, 0.561370121], l2.Weight);
        TestData.AssertClose([0.149780716, 0.199561432, 0.249751144, 0.299502287], l1.Weight);
        TestData.AssertClose([0.35, 0.35], l1.Bias!, 0);
        TestData.AssertClose([0.60, 0.60], l2.Bias!, 0);
    }

    [Fact]
    public void Example5_ThreeLinearSigmoidLayers()
    {
        var net = SigmoidNetwork(
            (new[,] { { 1.0, -2 }, { -1, 1 } }, [1, 0]),
            (new[,] { { 2.0, -1 }, { -2, -1 } }, [0, 0]),
            (new[,] { { 3.0, -1 }, { -1, 4 } }, [-2, 2]));
        Assert.Equal(6, net.Count);

        var x = Tensor.FromArray([1.0, -1, 0, 0], 2, 2);
        using (GradMode.NoGrad())
        {
            TestData.AssertClose([0.98, 0.12], net[1].Forward(net[0].Forward(x.Narrow(0, 0, 1))), 0.01);
            TestData.AssertClose([0.62, 0.83, 0.51, 0.85], net.Forward(x), 0.01);
        }
    }
}
