using NeuralSharp.Autograd;
using NeuralSharp.Autograd.Ops;
using NeuralSharp.Backends;
using NeuralSharp.Kernels;
using NeuralSharp.Losses;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Autograd;

/// <summary>One use of a primitive operation, with inputs at which its derivatives are defined.</summary>
/// <param name="Name">Names the case in test output (and selects it in a theory).</param>
/// <param name="OpType">The primitive the case exercises: it must appear in the graph <paramref name="F"/> builds.</param>
/// <param name="F">The function, built around the primitive.</param>
/// <param name="Inputs">Float64 inputs, away from kinks and outside any restricted domain.</param>
/// <param name="Float32Rounding">The function rounds to float32, so checks use large steps and loose tolerances.</param>
internal sealed record OpCase(string Name, Type OpType, Func<Tensor[], Tensor> F, Tensor[] Inputs, bool Float32Rounding = false)
{
    /// <summary>The element-wise kind, for cases of <see cref="UnaryOp"/> and <see cref="BinaryOp"/>: its op's name.</summary>
    public string? KindName { get; init; }

    /// <summary>A gradient check at this case's tolerances.</summary>
    public GradCheckResult Check(Func<Tensor[], Tensor> f, Tensor[] inputs) =>
        Float32Rounding ? GradCheck.Check(f, inputs, h: 1e-2, atol: 1e-3) : GradCheck.Check(f, inputs);
}

/// <summary>
/// The case table that the gradient, double-backward and forward-mode tests iterate over: every element-wise
/// kind (from the enums, so a new kind is tested without being listed) and every other op class, which
/// <see cref="OpCoverageTests"/> checks against the op classes found by reflection.
/// </summary>
internal static class OpCases
{
    /// <summary>Kinds whose function is piecewise constant: their derivative is zero wherever it exists.</summary>
    public static readonly UnaryKind[] PiecewiseConstantUnary = [UnaryKind.Step, UnaryKind.Sign];

    /// <summary>The comparisons: piecewise constant masks, never part of the graph.</summary>
    public static readonly BinaryKind[] PiecewiseConstantBinary =
        [BinaryKind.Greater, BinaryKind.GreaterOrEqual, BinaryKind.Less, BinaryKind.LessOrEqual, BinaryKind.Equal];

    /// <summary>Kinds defined (or smooth) only for positive arguments.</summary>
    private static readonly UnaryKind[] PositiveDomain = [UnaryKind.Log, UnaryKind.Sqrt, UnaryKind.Reciprocal];

    public static IEnumerable<OpCase> All =>
        Enum.GetValues<UnaryKind>().Except(PiecewiseConstantUnary).Select(Unary)
            .Concat(Enum.GetValues<BinaryKind>().Except(PiecewiseConstantBinary).SelectMany(Binary))
            .Concat(Structural());

    /// <summary>Case names, for theories.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static OpCase Get(string name) => All.Single(c => c.Name == name);

    /// <summary>Mixed signs bounded away from the kinks at 0; positive for the kinds that need it.</summary>
    public static Tensor UnaryInput(UnaryKind kind) =>
        PositiveDomain.Contains(kind) ? Positive(3, 4) : Randn(3, 4) + (Seeded(5, 3, 4).Sign() * 0.1);

    public static OpCase Unary(UnaryKind kind) =>
        new($"unary {kind}", typeof(UnaryOp), xs => UnaryOp.Apply(kind, xs[0]), [UnaryInput(kind)]) { KindName = Lower(kind) };

    /// <summary>[2,3,4] with [3,1] and the other way round exercise stretched and missing dimensions; positive for pow.</summary>
    public static IEnumerable<OpCase> Binary(BinaryKind kind)
    {
        Tensor[][] inputs = [[Positive(2, 3, 4), Positive(3, 1) + 0.01], [Positive(3, 1) + 0.02, Positive(2, 3, 4)], [Positive(4), Positive(4) + 0.03]];
        string[] shapes = ["[2,3,4] with [3,1]", "[3,1] with [2,3,4]", "[4] with [4]"];
        for (var i = 0; i < inputs.Length; i++)
        {
            yield return new($"binary {kind} {shapes[i]}", typeof(BinaryOp), xs => BinaryOp.Apply(kind, xs[0], xs[1]), inputs[i]) { KindName = Lower(kind) };
        }
    }

    private static string Lower<T>(T kind)
        where T : struct, Enum => kind.ToString().ToLowerInvariant();

    private static IEnumerable<OpCase> Structural()
    {
        var cond = Tensor.FromArray([1.0, 0, 1, 0, 0, 1], 2, 3);
        yield return new("cast", typeof(CastOp), xs => xs[0].Float(), [Randn(3)], Float32Rounding: true);
        yield return new("backward_hook", typeof(BackwardHookOp), xs => new BackwardHookCall(new NeuralSharp.Nn.Sigmoid(), [], inputTracked: false).Output(xs[0] * xs[0]), [Randn(2, 3)]);
        yield return new("clamp", typeof(ClampOp), xs => xs[0].Clamp(-0.5, 0.5), [Randn(4, 4) * 2.0]);
        yield return new("concat", typeof(ConcatOp), xs => Tensor.Concat([xs[0], xs[1]], 1), [Randn(2, 2), Randn(2, 3)]);
        yield return new("contiguous", typeof(CopyOp), xs => xs[0].T.Contiguous(), [Randn(2, 3)]);
        yield return new("expand", typeof(ExpandOp), xs => xs[0].Expand(3, 4), [Randn(1, 4)]);
        yield return new("gather", typeof(GatherOp), xs => xs[0].Gather(1, [2, 0, 1]), [Randn(3, 4)]);
        yield return new("gather along dim 0", typeof(GatherOp), xs => xs[0].Gather(0, [1, 0, 2, 1]), [Randn(3, 4)]);
        yield return new("index_select", typeof(IndexSelectOp), xs => xs[0].IndexSelect(0, [2, 0, 2]), [Randn(3, 2)]);
        yield return new("index_select along dim 1", typeof(IndexSelectOp), xs => xs[0].IndexSelect(1, [1, 1, 0, 2]), [Randn(2, 3, 2)]);
        yield return new("index_select of a vector", typeof(IndexSelectOp), xs => xs[0].IndexSelect(0, [3, 3, 1]), [Randn(4)]);
        yield return new("linear", typeof(LinearOp), xs => Tensor.Linear(xs[0], xs[1], xs[2]), [Randn(4, 3), Randn(2, 3), Randn(2)]);
        yield return new("linear batched without bias", typeof(LinearOp), xs => Tensor.Linear(xs[0], xs[1]), [Randn(2, 4, 3), Randn(2, 3)]);
        yield return new("matmul batched", typeof(MatMulOp), xs => xs[0].MatMul(xs[1]), [Randn(3, 4), Randn(2, 4, 2)]);
        yield return new("matmul vector", typeof(MatMulOp), xs => xs[0].MatMul(xs[1]), [Randn(3), Randn(3, 2)]);
        yield return new("max", typeof(MaxOp), xs => xs[0].Max(1), [Randn(3, 5)]);
        yield return new("max keeping the dimension", typeof(MaxOp), xs => xs[0].Max(0, keepDim: true), [Randn(4, 2, 3)]);
        yield return new("narrow", typeof(NarrowOp), xs => xs[0].Narrow(1, 1, 2), [Randn(3, 4)]);
        yield return new("narrow at the start", typeof(NarrowOp), xs => xs[0].Narrow(0, 0, 2), [Randn(3, 2)]);
        yield return new("pad", typeof(PadOp), xs => xs[0].Pad([1, 2, -1, 1], 0.5), [Randn(3, 4)]);
        yield return new("unfold", typeof(UnfoldOp), xs => Tensor.Unfold(xs[0], (2, 2), padding: (1, 0), stride: (1, 2)), [Randn(1, 2, 3, 4)]);
        yield return new("fold", typeof(FoldOp), xs => Tensor.Fold(xs[0], (3, 4), (2, 2)), [Randn(2, 8, 6)]);
        yield return new("conv2d", typeof(Conv2dOp), xs => Tensor.Conv2d(xs[0], xs[1], xs[2], stride: (1, 2), padding: (1, 0), dilation: (1, 1)), [Randn(2, 2, 4, 5), Randn(3, 2, 2, 2), Randn(3)]);
        yield return new("conv2d grouped and dilated", typeof(Conv2dOp), xs => Tensor.Conv2d(xs[0], xs[1], padding: (1, 1), dilation: (2, 1), groups: 2), [Randn(1, 4, 4, 3), Randn(2, 2, 2, 2)]);
        yield return new("conv2d pointwise", typeof(Conv2dOp), xs => Tensor.Conv2d(xs[0], xs[1], xs[2]), [Randn(2, 3, 2, 2), Randn(2, 3, 1, 1), Randn(2)]);
        yield return new("max_pool2d", typeof(MaxPool2dOp), xs => Tensor.MaxPool2d(xs[0], (2, 2), stride: (1, 2), padding: (1, 1)), [Randn(2, 2, 3, 4)]);
        yield return new("max_pool2d ceil mode, dilated", typeof(MaxPool2dOp), xs => Tensor.MaxPool2d(xs[0], (2, 2), dilation: (1, 2), ceilMode: true), [Randn(1, 2, 5, 5)]);
        yield return new("relu_max_pool2d 2x2 stride 2", typeof(MaxPool2dOp), xs => Tensor.ReluMaxPool2d(xs[0], (2, 2)), [Randn(2, 2, 4, 5)]);
        yield return new("relu_max_pool2d overlapping, padded", typeof(MaxPool2dOp), xs => Tensor.ReluMaxPool2d(xs[0], (3, 3), stride: (1, 2), padding: (1, 1)), [Randn(1, 2, 4, 5)]);
        var pooled = Randn(1, 2, 4, 4);
        var windows = new ConvGeometry(2, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1);
        yield return new("max_pool2d route to the inputs", typeof(MaxPoolRouteOp), xs => MaxPoolRouteOp.Apply(xs[0], pooled, windows, toInputs: true), [Randn(1, 2, 4, 4)]);
        yield return new("max_pool2d route to the outputs", typeof(MaxPoolRouteOp), xs => MaxPoolRouteOp.Apply(xs[0], pooled, windows, toInputs: false), [Randn(1, 2, 4, 4)]);
        var halves = new ConvGeometry(2, 4, 4, 2, 2, 2, 2);
        yield return new("relu max_pool2d route to the inputs", typeof(MaxPoolRouteOp), xs => MaxPoolRouteOp.Apply(xs[0], pooled, halves, toInputs: true, relu: true), [Randn(1, 2, 2, 2)]);
        yield return new("relu max_pool2d route to the outputs", typeof(MaxPoolRouteOp), xs => MaxPoolRouteOp.Apply(xs[0], pooled, windows, toInputs: false, relu: true), [Randn(1, 2, 4, 4)]);
        yield return new("batch_norm", typeof(BatchNormOp), xs => BatchNormOp.Apply(xs[0], xs[1], xs[2], 1e-5).Output, [Randn(3, 2, 2, 3), Randn(2), Randn(2)]);
        yield return new("batch_norm without affine, [N, C]", typeof(BatchNormOp), xs => BatchNormOp.Apply(xs[0], null, null, 1e-3).Output, [Randn(5, 3)]);
        yield return new("lstm", typeof(LstmSequenceOp), xs => LstmSequenceOp.Apply(xs[0], xs[1], xs[2], xs[3], xs[4], reverse: false), [Randn(3, 2, 8), Seeded(11, 2, 2), Seeded(12, 2, 2), Randn(8, 2), Randn(8)]);
        yield return new("lstm reversed without bias", typeof(LstmSequenceOp), xs => LstmSequenceOp.Apply(xs[0], xs[1], xs[2], xs[3], null, reverse: true), [Randn(4, 3, 8), Seeded(13, 3, 2), Seeded(14, 3, 2), Randn(8, 2)]);
        yield return new("gru", typeof(GruSequenceOp), xs => GruSequenceOp.Apply(xs[0], xs[1], xs[2], xs[3], reverse: false), [Randn(3, 2, 6), Seeded(17, 2, 2), Randn(6, 2), Randn(6)]);
        yield return new("gru reversed without bias", typeof(GruSequenceOp), xs => GruSequenceOp.Apply(xs[0], xs[1], xs[2], null, reverse: true), [Randn(4, 3, 6), Seeded(18, 3, 2), Randn(6, 2)]);
        yield return new("gru of one step", typeof(GruSequenceOp), xs => GruSequenceOp.Apply(xs[0], xs[1], xs[2], xs[3], reverse: false), [Randn(1, 2, 9), Seeded(19, 2, 3), Randn(9, 3), Randn(9)]);
        yield return new("lstm of one step", typeof(LstmSequenceOp), xs => LstmSequenceOp.Apply(xs[0], xs[1], xs[2], xs[3], xs[4], reverse: false), [Randn(1, 2, 12), Seeded(15, 2, 3), Seeded(16, 2, 3), Randn(12, 3), Randn(12)]);
        yield return new("permute", typeof(PermuteOp), xs => xs[0].Permute(2, 0, 1), [Randn(2, 3, 4)]);
        yield return new("reshape", typeof(ReshapeOp), xs => xs[0].Reshape(6, 2), [Randn(3, 4)]);
        yield return new("sum", typeof(SumOp), xs => xs[0].Sum([0, 2], keepDim: true), [Randn(2, 3, 4)]);
        yield return new("sum of all", typeof(SumOp), xs => xs[0].Sum(), [Randn(2, 3)]);
        yield return new("where", typeof(WhereOp), xs => Tensor.Where(cond, xs[0], xs[1]), [Randn(2, 3), Randn(3)]);
        foreach (var r in Enum.GetValues<Reduction>())
        {
            yield return new($"cross_entropy labels {r}", typeof(CrossEntropyOp), xs => Loss.CrossEntropy(xs[0], [2, 0, 1], r), [Randn(3, 4)]);
            yield return new($"cross_entropy soft {r}", typeof(CrossEntropyOp), xs => Loss.CrossEntropy(xs[0], xs[1], r), [Randn(3, 4), Positive(3, 4) / 4.0]);
        }

        foreach (var r in new[] { Reduction.Mean, Reduction.Sum })
        {
            yield return new($"squared_error quadratic {r}", typeof(SquaredErrorOp), xs => Loss.Quadratic(xs[0], xs[1], r), [Randn(3, 4), Seeded(5, 3, 4)]);
            yield return new($"squared_error mse {r}", typeof(SquaredErrorOp), xs => Loss.MeanSquaredError(xs[0], xs[1], r), [Randn(3, 4), Seeded(5, 3, 4)]);
        }
    }

    /// <summary>The ops of the graph that produced <paramref name="t"/>.</summary>
    public static IEnumerable<Op> GraphOf(Tensor t)
    {
        var seen = new HashSet<Op>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Tensor>([t]);
        while (stack.Count > 0)
        {
            if (stack.Pop().Creator is { } op && seen.Add(op))
            {
                yield return op;
                foreach (var input in op.Inputs)
                {
                    stack.Push(input);
                }
            }
        }
    }
}
