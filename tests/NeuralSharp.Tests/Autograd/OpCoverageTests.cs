using NeuralSharp.Autograd;
using NeuralSharp.Autograd.Ops;
using NeuralSharp.Kernels;

namespace NeuralSharp.Tests.Autograd;

/// <summary>The case table of <see cref="OpCases"/> covers every op class and every element-wise kind, so a new one without tests fails here.</summary>
public class OpCoverageTests
{
    [Fact]
    public void EveryOpClassHasACase()
    {
        var opClasses = typeof(Op).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Op)) && !t.IsAbstract).ToList();
        Assert.Contains(typeof(CrossEntropyOp), opClasses);
        var covered = OpCases.All.Select(c => c.OpType).ToHashSet();
        Assert.Empty(opClasses.Where(t => !covered.Contains(t)).Select(t => t.Name));
    }

    [Fact]
    public void EveryKindIsEitherDifferentiableWithACaseOrListedAsPiecewiseConstant()
    {
        var kinds = OpCases.All.Select(c => c.KindName).ToHashSet();
        foreach (var kind in Enum.GetValues<UnaryKind>())
        {
            Assert.True(kinds.Contains(kind.ToString().ToLowerInvariant()) ^ OpCases.PiecewiseConstantUnary.Contains(kind), kind.ToString());
        }

        foreach (var kind in Enum.GetValues<BinaryKind>())
        {
            Assert.True(kinds.Contains(kind.ToString().ToLowerInvariant()) ^ OpCases.PiecewiseConstantBinary.Contains(kind), kind.ToString());
        }
    }

    public static TheoryData<string> Cases => OpCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachCaseBuildsItsOp(string name)
    {
        var c = OpCases.Get(name);
        var y = c.F([.. c.Inputs.Select(x => x.Clone().RequireGrad())]);
        var ops = OpCases.GraphOf(y).Where(op => op.GetType() == c.OpType).ToList();
        Assert.NotEmpty(ops);
        if (c.KindName is { } kind)
        {
            Assert.Contains(ops, op => op.Name == kind);
        }
    }

    [Fact]
    public void PiecewiseConstantKindsHaveZeroDerivatives()
    {
        foreach (var kind in OpCases.PiecewiseConstantUnary)
        {
            var x = OpCases.UnaryInput(kind).RequireGrad();
            var y = UnaryOp.Apply(kind, x);
            Assert.True(y.RequiresGrad); // recorded, so that the gradient provably stops here
            var g = Gradients.Of((y * 3.0).Sum(), x, allowUnused: true);
            TestData.AssertClose(new double[x.Count], g, 0);
            var (_, tangent) = ForwardAD.Jvp(t => UnaryOp.Apply(kind, t), x.Detach(), TestData.Seeded(2, x.Shape.ToArray()));
            TestData.AssertClose(new double[x.Count], tangent, 0);
        }

        foreach (var kind in OpCases.PiecewiseConstantBinary)
        {
            var (a, b) = (TestData.Randn(3, 4).RequireGrad(), TestData.Seeded(3, 3, 4).RequireGrad());
            var mask = BinaryOp.Apply(kind, a, b);
            Assert.False(mask.RequiresGrad); // a mask: no gradient flows through it
            var (_, tangent) = ForwardAD.Jvp(xs => BinaryOp.Apply(kind, xs[0], xs[1]), [a.Detach(), b.Detach()], [TestData.Seeded(4, 3, 4), TestData.Seeded(5, 3, 4)]);
            TestData.AssertClose(new double[a.Count], tangent, 0);
        }
    }
}
