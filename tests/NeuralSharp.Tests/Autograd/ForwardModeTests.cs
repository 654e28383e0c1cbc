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

    public static TheoryData<string> Cases => OpCases.Names();

    /// <summary>Every element-wise kind and every other op class: &lt;u, J v&gt; from the tangent equals &lt;J^T u, v&gt; from the (gradient-checked) reverse mode.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryPrimitiveAgreesWithReverseMode(string name)
    {
        var c = OpCases.Get(name);
        var v = c.Inputs.Select((x, i) => Seeded(40 + i, x.Shape.ToArray())).ToArray();
        var (value, jv) = ForwardAD.Jvp(c.F, c.Inputs, v);
        Assert.Equal(value.Shape, jv.Shape);
        var u = Seeded(5, value.Shape.ToArray());
        var forward = (u * jv.Double()).Sum().ItemAsDouble();

        var xr = c.Inputs.Select(t => t.Clone().RequireGrad()).ToArray();
        (c.F(xr).Double() * u).Sum().Backward();
        var reverse = xr.Zip(v, (xi, vi) => (xi.Grad! * vi).Sum().ItemAsDouble()).Sum();

        Assert.NotEqual(0.0, reverse);
        var tolerance = c.Float32Rounding ? 1e-5 : 1e-11;
        Assert.True(Math.Abs(reverse - forward) <= tolerance * (1 + Math.Abs(reverse)), $"forward {forward:G17}, reverse {reverse:G17}");
        Assert.Equal(c.F(c.Inputs).ToDoubleArray(), value.ToDoubleArray());
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
