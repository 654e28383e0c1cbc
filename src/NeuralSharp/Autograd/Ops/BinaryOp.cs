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

        var result = Tensor.Empty(Broadcasting.Shape(a.Dims, b.Dims, kind.ToString().ToLowerInvariant()), a.DType);
        a.Backend.Binary(kind, a, b, result);
        return kind is BinaryKind.Greater or BinaryKind.GreaterOrEqual or BinaryKind.Less or BinaryKind.LessOrEqual or BinaryKind.Equal
            ? result // comparisons give masks: piecewise constant, not part of the graph
            : Record(new BinaryOp(kind), result, a, b);
    }

    /// <summary>d out / d input number <paramref name="which"/> (0 or 1); null stands for the constant 1.</summary>
    private Tensor? Partial(int which)
    {
        var (x, y, z) = (Inputs[0], Inputs[1], Output);
        var first = which == 0;
        return kind switch
        {
            BinaryKind.Add => null,
            BinaryKind.Subtract => first ? null : Tensor.Scalar(-1.0, z.DType),
            BinaryKind.Multiply => first ? y : x,
            BinaryKind.Divide => first ? y.Reciprocal() : -z / y,               // d(x/y)/dx = 1/y, d(x/y)/dy = -x/y^2
            BinaryKind.Pow => first ? y * x.Pow(y - 1.0) : z * x.Log(),          // y x^(y-1), x^y log x
            BinaryKind.Max => (first ? x.Gt(y) : y.Gt(x)) + (0.5 * x.Eq(y)),    // ties share the gradient, as in PyTorch
            BinaryKind.Min => (first ? x.Lt(y) : y.Lt(x)) + (0.5 * x.Eq(y)),
            BinaryKind.Greater or BinaryKind.GreaterOrEqual or BinaryKind.Less or BinaryKind.LessOrEqual or BinaryKind.Equal =>
                throw new InvalidOperationException($"{Name}: comparisons are never recorded"),
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
