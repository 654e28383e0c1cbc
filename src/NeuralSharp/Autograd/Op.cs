namespace NeuralSharp.Autograd;

/// <summary>
/// A differentiable operation: the node of the computational graph that produced a tensor.
/// </summary>
/// <remarks>
/// <para>Each primitive operation is one small class holding, side by side, how it computes its value
/// (a static <c>Apply</c>), how it sends a gradient back to its inputs (<see cref="Backward"/>, reverse
/// mode: the upstream gradient times the local Jacobian) and how it pushes a tangent forward
/// (<see cref="ForwardTangent"/>, forward mode: the local Jacobian times the input tangents). Neither
/// ever forms a Jacobian matrix.</para>
/// <para>Everything else in the library is composed from these primitives, so its derivatives come for free.</para>
/// </remarks>
public abstract class Op
{
    private Tensor[] _inputs = [];

    /// <summary>The operation's name, as shown in error messages and graph printouts.</summary>
    public abstract string Name { get; }

    /// <summary>The tensors this operation read, in order.</summary>
    protected internal Tensor[] Inputs => Released
        ? throw new InvalidOperationException(
            $"backward: the graph through '{Name}' was freed by an earlier Backward(); call Backward(retainGraph: true) to go through it twice")
        : _inputs;

    /// <summary>The tensor this operation produced (for derivatives written in terms of the result, like e^x).</summary>
    protected internal Tensor Output { get; private set; } = null!;

    internal bool Released { get; private set; }

    /// <summary>
    /// Reverse mode: the gradient of the loss with respect to each input, given the gradient with respect to
    /// the output. An entry may be null where that input needs no gradient, and may have the output's
    /// broadcast shape: the engine sums it back to the input's shape.
    /// </summary>
    /// <remarks>
    /// Runs with recording off in an ordinary backward pass, where it may use fused kernels that write raw
    /// memory; with <see cref="GradMode.IsEnabled"/> true (a backward pass with <c>createGraph</c>) it must
    /// compute the gradient from recorded operations, so that the gradient can be differentiated again.
    /// </remarks>
    protected internal abstract Tensor?[] Backward(Tensor gradOutput);

    /// <summary>Forward mode: the output's tangent given each input's tangent (zeros where an input has none).</summary>
    protected internal abstract Tensor ForwardTangent(Tensor[] inputTangents);

    /// <summary>
    /// Connects <paramref name="output"/> to the graph when any input requires gradients, and computes its
    /// tangent when any input carries one. Called by every primitive's <c>Apply</c>.
    /// </summary>
    protected static Tensor Record(Op op, Tensor output, params Tensor[] inputs)
    {
        if (!GradMode.IsEnabled)
        {
            return output;
        }

        var needsGrad = false;
        var hasTangent = false;
        foreach (var input in inputs)
        {
            needsGrad |= input.RequiresGrad;
            hasTangent |= input.Tangent is not null;
        }

        if (!needsGrad && !hasTangent)
        {
            return output;
        }

        op._inputs = inputs;
        op.Output = output;
        if (hasTangent)
        {
            var tangents = new Tensor[inputs.Length];
            for (var i = 0; i < inputs.Length; i++)
            {
                tangents[i] = inputs[i].Tangent ?? Tensor.ZerosLike(inputs[i]);
            }

            using (GradMode.NoGrad())
            {
                output.Tangent = op.ForwardTangent(tangents);
            }
        }

        if (needsGrad)
        {
            output.Creator = op;
        }

        return output;
    }

    /// <summary>Drops the saved tensors after a backward pass so their memory can be reclaimed.</summary>
    internal void Release()
    {
        Released = true;
        _inputs = [];
        Output = null!;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
