using NeuralSharp.Kernels;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// Element-wise functions of two broadcast tensors. Each has two partial derivatives; reverse mode
/// multiplies the upstream gradient by each (the engine sums broadcast dimensions back), forward
/// mode adds the tangents weighted by them.
/// </summary>
/// <remarks>The gates of the course: add distributes the gradient, multiply switches it, max routes it.</remarks>
internal sealed class BinaryOp(BinaryKind kind) : Op
{
    public override string Name => kind.ToString().ToLowerInvariant();

    public static Tensor Apply(BinaryKind kind, Tensor a, Tensor b)
    {
        if (a.DType != b.DType)
        {
            // Promote like PyTorch: mixing precisions computes in double.
            (a, b) = (a.To(DType.Float64), b.To(DType.Float64));
        }

        var result = Elementwise.Binary(kind, a, b, kind.ToString().ToLowerInvariant());
        return kind is BinaryKind.Greater or BinaryKind.GreaterOrEqual or BinaryKind.Less or BinaryKind.LessOrEqual or BinaryKind.Equal
            ? result // comparisons give masks: piecewise constant, not part of the graph
            : Record(new BinaryOp(kind), result, a, b);
    }

    /// <summary>d out / d input number <paramref name="which"/>; null stands for the constant 1.</summary>
    private Tensor? Partial(int which)
    {
        var (x, y, z) = (Inputs[0], Inputs[1], Output);
        return (kind, which) switch
        {
            (BinaryKind.Add, _) => null,
            (BinaryKind.Subtract, 0) => null,
            (BinaryKind.Subtract, 1) => Tensor.Scalar(-1.0, z.DType),
            (BinaryKind.Multiply, 0) => y,
            (BinaryKind.Multiply, 1) => x,
            (BinaryKind.Divide, 0) => y.Reciprocal(),        // d(x/y)/dx = 1/y
            (BinaryKind.Divide, 1) => -z / y,                // d(x/y)/dy = -x/y^2
            (BinaryKind.Pow, 0) => y * x.Pow(y - 1.0),       // d(x^y)/dx = y x^(y-1)
            (BinaryKind.Pow, 1) => z * x.Log(),              // d(x^y)/dy = x^y log x
            (BinaryKind.Max, 0) => x.Gt(y) + (0.5 * x.Eq(y)), // ties share the gradient, as in PyTorch
            (BinaryKind.Max, 1) => y.Gt(x) + (0.5 * x.Eq(y)),
            (BinaryKind.Min, 0) => x.Lt(y) + (0.5 * x.Eq(y)),
            (BinaryKind.Min, 1) => y.Lt(x) + (0.5 * x.Eq(y)),
            _ => throw new NotSupportedException($"{Name}: no derivative"),
        };
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        var grads = new Tensor?[2];
        for (var i = 0; i < 2; i++)
        {
            if (Inputs[i].RequiresGrad)
            {
                grads[i] = Partial(i) is { } p ? gradOutput * p : gradOutput;
            }
        }

        return grads;
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents)
    {
        Tensor? total = null;
        for (var i = 0; i < 2; i++)
        {
            if (Inputs[i].Tangent is null)
            {
                continue; // skipping also avoids 0 * NaN from partials like log(x) at x <= 0
            }

            var ti = Partial(i) is { } p ? inputTangents[i] * p : inputTangents[i];
            total = total is null ? ti : total + ti;
        }

        return Broadcast(total ?? Tensor.ZerosLike(Output), Output.Dims);
    }

    private static Tensor Broadcast(Tensor t, int[] dims) =>
        t.Dims.AsSpan().SequenceEqual(dims) ? t : t.Expand(dims).Contiguous();
}
