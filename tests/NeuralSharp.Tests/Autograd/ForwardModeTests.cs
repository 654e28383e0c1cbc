using NeuralSharp.Autograd;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Autograd;

/// <summary>Forward mode gives J v; reverse mode gives J^T u; both must agree on &lt;u, J v&gt; = &lt;J^T u, v&gt;.</summary>
public class ForwardModeTests
{
    public static TheoryData<string> Functions => new() { "elementwise", "matmul", "reductions", "shapes", "linear", "mlp" };

    private static Func<Tensor[], Tensor> Function(string name) => name switch
    {
        "elementwise" => xs => ((xs[0] * xs[1]).Exp() / (1.0 + xs[1].Square())).Tanh() - xs[0].Sigmoid().Log() + xs[1].Relu().SoftPlus(),
        "matmul" => xs => xs[0].MatMul(xs[1].T).Abs().Sqrt(),
        "reductions" => xs => xs[0].LogSumExp(1, keepDim: true) + xs[1].Max(1, keepDim: true) - xs[0].Var(1, keepDim: true) + xs[1].Mean(),
        "shapes" => xs => Tensor.Concat([xs[0].Narrow(1, 0, 2), xs[1].Permute(1, 0).Reshape(3, -1).Narrow(1, 1, 1)], 1).Clamp(-0.5, 0.5).Gather(1, [0, 2, 1]),
        "linear" => xs => Tensor.Linear(xs[0], xs[1], xs[1].Sum(1)).Tanh(),
        "mlp" => xs => xs[0].MatMul(xs[1].T).Sigmoid().Maximum(xs[0].Narrow(1, 0, 3) * 0.5).Sum(0),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void ForwardAndReverseModesAgree(string name)
    {
        var f = Function(name);
        var x = new[] { Seeded(1, 3, 3), Seeded(2, 3, 3) };
        var v = new[] { Seeded(3, 3, 3), Seeded(4, 3, 3) };

        var (value, jv) = ForwardAD.Jvp(f, x, v);
        var u = Seeded(5, value.Shape.ToArray());
        var forward = (u * jv).Sum().ItemAsDouble();

        var xr = x.Select(t => t.Clone().RequireGrad()).ToArray();
        (f(xr) * u).Sum().Backward();
        var reverse = xr.Zip(v, (xi, vi) => (xi.Grad! * vi).Sum().ItemAsDouble()).Sum();

        Assert.Equal(reverse, forward, 9);
        Assert.Equal(f(x).ToDoubleArray(), value.ToDoubleArray());
    }

    [Fact]
    public void JvpOfAScalarFunctionIsItsDerivative()
    {
        var (value, tangent) = ForwardAD.Jvp(x => x.Sigmoid(), Tensor.FromArray([1.0]), Tensor.FromArray([1.0]));
        var s = 1 / (1 + Math.Exp(-1));
        Assert.Equal(s, value.ItemAsDouble(), 12);
        Assert.Equal(s * (1 - s), tangent.ItemAsDouble(), 12);
    }
}
