using NeuralSharp.Autograd;
using NeuralSharp.Autograd.Ops;

namespace NeuralSharp;

public sealed partial class Tensor
{
    /// <summary>
    /// Runs reverse-mode differentiation from this tensor: every leaf that requires gradients gets
    /// d(this)/d(leaf) added to its <see cref="Grad"/> (summed over all paths of the graph).
    /// </summary>
    /// <param name="gradient">The gradient with respect to this tensor; may be omitted for a one-element tensor (a loss), where it is 1.</param>
    /// <param name="retainGraph">Keep the graph's saved values so that Backward can run through it again.</param>
    /// <param name="createGraph">
    /// Record the backward pass itself, so that the gradients are part of a graph and can be differentiated
    /// again (gradients of gradients, as PyTorch's <c>create_graph</c>); implies <paramref name="retainGraph"/>.
    /// A gradient that carries a graph is never added to in place: each backward pass replaces it with a new sum.
    /// </param>
    /// <remarks>To get gradients without touching any <see cref="Grad"/>, use <see cref="Gradients.Of(Tensor, Tensor, Tensor?, bool, bool, bool)"/>.</remarks>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false)
    {
        if (gradient is null && Count != 1)
        {
            throw new InvalidOperationException($"backward: the output has shape {Shape}; pass the gradient with respect to it, or reduce it to a scalar (e.g. a loss)");
        }

        BackwardEngine.Run(this, gradient ?? OnesLike(this), retainGraph, createGraph);
    }

    /// <summary>Marks this leaf as requiring gradients and returns it, for fluent construction.</summary>
    public Tensor RequireGrad(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>
    /// Sets the accumulated gradient to zero, keeping its buffer (no allocation); a gradient that is part
    /// of a graph (from <c>createGraph</c>) is replaced by zeros instead, leaving that graph intact.
    /// </summary>
    public void ZeroGrad()
    {
        if (Grad is { Creator: not null })
        {
            using (TensorArena.Suspend())
            {
                Grad = ZerosLike(Grad);
            }
        }
        else if (Grad is not null)
        {
            using (GradMode.NoGrad())
            {
                Grad.Zero();
            }
        }
    }

    /// <summary>The matrix product, batched over leading dimensions, with NumPy's rules for vectors.</summary>
    public Tensor MatMul(Tensor other) => MatMulOp.Apply(this, other);

    /// <summary>
    /// The affine map of a fully connected layer, input W^T + b, with weight [out, in] as in PyTorch,
    /// computed as one fused matrix product.
    /// </summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) => LinearOp.Apply(input, weight, bias);

    /// <summary>The name of the operation that produced this tensor, or null for a leaf.</summary>
    public string? GradFunctionName => Creator?.Name;
}
