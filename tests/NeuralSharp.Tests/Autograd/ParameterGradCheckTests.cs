using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Autograd;

public class ParameterGradCheckTests
{
    /// <summary>x W + b, whose forward counts the product twice but whose graph sees it once: the weight's gradient is half the true one.</summary>
    private sealed class HalfGradient : Module
    {
        public HalfGradient()
        {
            RegisterParameter("weight", Tensor.Randn([3, 2], generator: new Generator(4)).RequireGrad());
            RegisterParameter("bias", Tensor.Randn([2], generator: new Generator(5)).RequireGrad());
        }

        public override Tensor Forward(Tensor input)
        {
            var product = input.MatMul(GetParameter("weight"));
            return product + product.Detach() + GetParameter("bias");
        }
    }

    [Fact]
    public void EveryParameterOfACorrectNetworkPasses()
    {
        var g = new Generator(2);
        var net = new Sequential(new Conv2d(1, 2, 3, generator: g), new Tanh(), new MaxPool2d(2), new Flatten(), new Linear(2 * 3 * 3, 3, generator: g), new ELU());
        var results = ParameterGradCheck.Check(net, Tensor.Rand([2, 1, 8, 8], 0, 1, new Generator(3)), maxElementsPerParameter: 10);

        Assert.Equal(["0.weight", "0.bias", "4.weight", "4.bias"], results.Select(r => r.Name));
        Assert.Equal([10, 2, 10, 3], results.Select(r => r.Checked));
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {r.MaxRelativeError} at {r.Worst}"));
        Assert.Equal(DType.Float32, net.DType); // the check ran on a float64 copy
    }

    [Fact]
    public void AWrongBackwardIsCaughtAndNamed()
    {
        var results = ParameterGradCheck.Check(new HalfGradient(), Tensor.Rand([4, 3], 0, 1, new Generator(6)));

        var weight = results.Single(r => r.Name == "weight");
        Assert.False(weight.Passed);
        Assert.Equal(0.5, weight.MaxRelativeError, 1e-6); // analytic g, numeric 2g
        Assert.Contains("analytic", weight.Worst);
        Assert.True(results.Single(r => r.Name == "bias").Passed);
    }
}
