using NeuralSharp.Autograd;
using NeuralSharp.Losses;

namespace NeuralSharp.Tests.Spec;

/// <summary>XOR is not linearly separable, yet two hidden sigmoid neurons compute it.</summary>
public class XorTests
{
    private static readonly Tensor Inputs = Tensor.FromArray([0.0, 0, 0, 1, 1, 0, 1, 1], 4, 2);
    private static readonly Tensor Xor = Tensor.FromArray([0.0, 1, 1, 0]);

    /// <summary>A 2-2-1 sigmoid network over a batch: rows of <paramref name="x"/> are examples.</summary>
    private static Tensor Network(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2) =>
        (x.MatMul(w1.T) + b1).Sigmoid().MatMul(w2) + b2;

    [Fact]
    public void HandSetWeightsComputeXor()
    {
        // h1 = sigma(20 x1 + 20 x2 - 10) is OR, h2 = sigma(-20 x1 - 20 x2 + 30) is NAND, y = sigma(20 h1 + 20 h2 - 30) is AND.
        var w1 = Tensor.FromArray(new[,] { { 20.0, 20 }, { -20, -20 } });
        var b1 = Tensor.FromArray([-10.0, 30]);
        var w2 = Tensor.FromArray([20.0, 20]);
        var b2 = Tensor.Scalar(-30.0, DType.Float64);
        var y = Network(Inputs, w1, b1, w2, b2).Sigmoid().ToDoubleArray();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(y[i] - Xor.ToDoubleArray()[i]) < 1e-4, $"example {i}: {y[i]}");
        }
    }

    [Fact]
    public void ATwoTwoOneSigmoidNetworkLearnsXorFromASeededStart()
    {
        // Seeds 2 to 7 all learn XOR here; seed 1 stalls in the local minimum that solves only half the inputs,
        // a known trait of the 2-2-1 network (more hidden units make it rare).
        var g = new Generator(2);
        var w1 = Tensor.Randn([2, 2], generator: g, dtype: DType.Float64).RequireGrad();
        var b1 = Tensor.Zeros([2], DType.Float64).RequireGrad();
        var w2 = Tensor.Randn([2], generator: g, dtype: DType.Float64).RequireGrad();
        var b2 = Tensor.Scalar(0.0, DType.Float64).RequireGrad();
        Tensor[] parameters = [w1, b1, w2, b2];

        double loss = 0;
        for (var epoch = 0; epoch < 3000; epoch++)
        {
            foreach (var p in parameters)
            {
                p.ZeroGrad();
            }

            var objective = Loss.BinaryCrossEntropyWithLogits(Network(Inputs, w1, b1, w2, b2), Xor);
            loss = objective.ItemAsDouble();
            objective.Backward();
            using (GradMode.NoGrad())
            {
                foreach (var p in parameters)
                {
                    p.AddInPlace(p.Grad!, -2.0);
                }
            }
        }

        var predicted = Network(Inputs, w1, b1, w2, b2).Ge(0.0).ToDoubleArray();
        Assert.True(predicted.SequenceEqual(Xor.ToDoubleArray()), $"predicted [{string.Join(", ", predicted)}], loss {loss}");
        Assert.True(loss < 0.05, $"final loss {loss}");
    }
}
