namespace NeuralSharp.Nn;

/// <summary>
/// A module whose input and output are any types made of tensors: tuples or records such as a recurrent
/// cell's <c>(input, state)</c>, or a pair of networks' outputs for a GAN's loss. It is registered, saved,
/// printed, converted and trained exactly like the single-tensor <see cref="Module"/> (which is
/// <c>Module&lt;Tensor, Tensor&gt;</c>).
/// </summary>
/// <typeparam name="TIn">What <see cref="Forward"/> takes, e.g. <c>(Tensor Input, Tensor? Hidden)</c>.</typeparam>
/// <typeparam name="TOut">What <see cref="Forward"/> returns, e.g. <c>(Tensor Output, Tensor Hidden)</c>.</typeparam>
/// <remarks>Callers run a module through <see cref="Call"/>, the one place where <see cref="Forward"/> is
/// invoked by the library (so that hooks can be added there for both kinds of module).</remarks>
public abstract class Module<TIn, TOut> : ModuleBase
{
    /// <summary>Computes the module's output for a batch of inputs.</summary>
    /// <param name="input">The input, batch dimension first in every tensor.</param>
    /// <returns>The output; differentiable with respect to the input and to the parameters.</returns>
    public abstract TOut Forward(TIn input);

    /// <summary>Runs <see cref="Forward"/>; what containers such as <see cref="Sequential"/> call.</summary>
    public TOut Call(TIn input)
    {
        var output = Forward(input);
        if (CallObserver is { } observe)
        {
            observe(this, output);
        }

        return output;
    }

    /// <summary>
    /// Runs <see cref="Forward"/> with some parameters or buffers temporarily replaced by the given tensors
    /// (PyTorch's <c>torch.func.functional_call</c>), then restores them. The output is then a function
    /// of those tensors, which is what a gradient check of a layer's parameters needs.
    /// </summary>
    /// <param name="tensors">Replacement tensors by dotted name; each must have the shape of the one it replaces.</param>
    /// <param name="input">The input to <see cref="Forward"/>.</param>
    public TOut FunctionalCall(IReadOnlyDictionary<string, Tensor> tensors, TIn input) => WithTensors(tensors, () => Call(input));
}
