namespace NeuralSharp.Autograd;

/// <summary>
/// Gradients as values (PyTorch's <c>torch.autograd.grad</c>): the derivatives of some outputs with
/// respect to some inputs, returned rather than accumulated into <see cref="Tensor.Grad"/>.
/// </summary>
/// <remarks>
/// Named for what it returns, so that a call reads as a phrase, <c>Gradients.Of(loss, x)</c>; an
/// <c>Autograd.Grad</c> would repeat the namespace's name, which C# then resolves to the namespace.
/// </remarks>
/// <example>
/// A Hessian-vector product, and a gradient penalty on a critic D:
/// <code>
/// var g = Gradients.Of(f(x), x, createGraph: true);    // df/dx, itself differentiable
/// var hv = Gradients.Of((g * v).Sum(), x);             // H v
///
/// var dx = Gradients.Of(critic.Forward(x).Sum(), x, createGraph: true);
/// var penalty = dx.Square().Sum();
/// penalty.Backward();                                  // d penalty / d(critic's weights)
/// </code>
/// </example>
public static class Gradients
{
    /// <summary>
    /// d(sum_i &lt;outputs[i], gradOutputs[i]&gt;)/d(inputs[j]) for every input, without touching any
    /// tensor's <see cref="Tensor.Grad"/>.
    /// </summary>
    /// <param name="outputs">The tensors to differentiate.</param>
    /// <param name="inputs">The tensors to differentiate with respect to: leaves or intermediate results, all requiring gradients.</param>
    /// <param name="gradOutputs">The weights of the outputs (vector-Jacobian products); null stands for ones, which needs one-element outputs.</param>
    /// <param name="createGraph">Record the computation of the gradients, so that they can be differentiated again; implies <paramref name="retainGraph"/>.</param>
    /// <param name="retainGraph">Keep the graph so that it can be differentiated through again.</param>
    /// <param name="allowUnused">
    /// Give zeros for an input the outputs do not depend on (PyTorch's <c>allow_unused</c> with
    /// <c>materialize_grads</c>), instead of throwing.
    /// </param>
    /// <returns>One gradient per input, each of its input's shape.</returns>
    public static Tensor[] Of(
        IReadOnlyList<Tensor> outputs,
        IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor>? gradOutputs = null,
        bool createGraph = false,
        bool retainGraph = false,
        bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
        {
            throw new ArgumentException($"grad: {outputs.Count} outputs but {gradOutputs.Count} output gradients", nameof(gradOutputs));
        }

        var weights = new Tensor[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            var o = outputs[i];
            if (gradOutputs is null && o.Count != 1)
            {
                throw new ArgumentException($"grad: output {i} has shape {o.Shape}; pass its gradient in gradOutputs, or reduce it to a scalar", nameof(gradOutputs));
            }

            weights[i] = gradOutputs?[i] ?? Tensor.OnesLike(o);
        }

        var grads = BackwardEngine.Grad(outputs, weights, inputs, retainGraph, createGraph);
        var result = new Tensor[grads.Length];
        for (var j = 0; j < grads.Length; j++)
        {
            result[j] = grads[j] ?? (allowUnused
                ? Tensor.ZerosLike(inputs[j])
                : throw new InvalidOperationException($"grad: input {j} (shape {inputs[j].Shape}) is not used by the outputs; pass allowUnused: true to get zeros for it"));
        }

        return result;
    }

    /// <summary>d&lt;output, gradOutput&gt;/d(input): the single-tensor form of <see cref="Of(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}?, bool, bool, bool)"/>.</summary>
    /// <param name="output">The tensor to differentiate.</param>
    /// <param name="input">The tensor to differentiate with respect to.</param>
    /// <param name="gradOutput">The weight of the output; may be omitted for a one-element output.</param>
    /// <param name="createGraph">Record the computation of the gradient, so that it can be differentiated again.</param>
    /// <param name="retainGraph">Keep the graph so that it can be differentiated through again.</param>
    /// <param name="allowUnused">Give zeros when the output does not depend on the input, instead of throwing.</param>
    public static Tensor Of(Tensor output, Tensor input, Tensor? gradOutput = null, bool createGraph = false, bool retainGraph = false, bool allowUnused = false) =>
        Of([output], [input], gradOutput is null ? null : [gradOutput], createGraph, retainGraph, allowUnused)[0];
}
