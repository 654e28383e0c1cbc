using NeuralSharp.Autograd;

namespace NeuralSharp.Tests.Autograd;

/// <summary>
/// Every primitive's backward pass is itself differentiable: the first derivative computed with
/// createGraph, g(x, v) = d sum(f(x) * v) / dx, is checked against finite differences in float64, in x
/// (the second derivative) and in v (as PyTorch's gradgradcheck).
/// </summary>
public class DoubleBackwardTests
{
    public static TheoryData<string> Cases => OpCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheFirstDerivativeMatchesFiniteDifferences(string name)
    {
        var c = OpCases.Get(name);
        Tensor outputShape;
        using (GradMode.NoGrad())
        {
            outputShape = c.F(c.Inputs);
        }

        var v = TestData.Seeded(99, outputShape.Shape.ToArray());
        var check = c.Check(FirstDerivative(c.F, c.Inputs.Length), [.. c.Inputs, v]);
        Assert.True(check.Passed, check.Message);
    }

    /// <summary>(x..., v) -> the gradients of sum(f(x) * v) with respect to each x, flattened and joined.</summary>
    internal static Func<Tensor[], Tensor> FirstDerivative(Func<Tensor[], Tensor> f, int arity) => args =>
    {
        using (GradMode.EnableGrad())
        {
            var xs = args[..arity];
            var y = (f(xs).Double() * args[arity]).Sum();
            var grads = Gradients.Of([y], xs, createGraph: true, allowUnused: true);
            return Tensor.Concat([.. grads.Select(g => g.Double().Reshape(-1))], 0);
        }
    };

    [Fact]
    public void TheFirstDerivativeOfANonlinearOpDependsOnTheInput()
    {
        // Guards the check above against a backward pass that is recorded only in v: tanh's second
        // derivative -2 tanh (1 - tanh^2) must come out of the graph.
        var x = Tensor.FromArray([0.3, -1.2]).RequireGrad();
        var g = Gradients.Of(x.Tanh().Sum(), x, createGraph: true);
        var h = Gradients.Of(g.Sum(), x);
        var t = x.Detach().Tanh();
        TestData.AssertClose((-2.0 * t * (1.0 - t.Square())).ToDoubleArray(), h, 1e-12);
    }
}
