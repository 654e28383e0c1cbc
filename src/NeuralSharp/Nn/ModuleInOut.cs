using NeuralSharp.Nn.Hooks;

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
/// invoked by the library, so that forward hooks see both kinds of module.</remarks>
public abstract class Module<TIn, TOut> : ModuleBase
{
    /// <summary>Computes the module's output for a batch of inputs.</summary>
    /// <param name="input">The input, batch dimension first in every tensor.</param>
    /// <returns>The output; differentiable with respect to the input and to the parameters.</returns>
    public abstract TOut Forward(TIn input);

    /// <summary>
    /// Runs <see cref="Forward"/> with the module's hooks around it; what containers such as <see cref="Sequential"/>
    /// and the training loop call. Call this, not <see cref="Forward"/>, when hooks should see the call.
    /// </summary>
    public TOut Call(TIn input)
    {
        // The path without hooks is one load and two null checks: hooks cost nothing until registered.
        if (!IsObserved)
        {
            return Forward(input);
        }

        return CallWithHooks(input);
    }

    /// <summary>True when a hook or an observer must see this module's calls, so a container may not fuse it with
    /// its neighbour.</summary>
    internal bool IsObserved => _forwardPreHooks is not null || _forwardHooks is not null || HasBackwardHooks || CallObserver is not null;

    /// <summary>
    /// Registers <paramref name="hook"/> to run before every <see cref="Call"/> with the module and its input
    /// (PyTorch's <c>register_forward_pre_hook</c>). Dispose the returned handle to remove it.
    /// </summary>
    public HookHandle RegisterForwardPreHook(Action<Module<TIn, TOut>, TIn> hook) =>
        HookList<Action<Module<TIn, TOut>, TIn>>.Add(ref _forwardPreHooks, hook, list => _forwardPreHooks = list);

    /// <summary>
    /// Registers <paramref name="hook"/> to run after every <see cref="Call"/> with the module, its input and its output
    /// (PyTorch's <c>register_forward_hook</c>): the place to record activations. Dispose the returned handle to remove it.
    /// </summary>
    /// <example>
    /// <code>
    /// using var handle = layer.RegisterForwardHook((module, input, output) => Console.WriteLine(output.Mean().Item()));
    /// net.Call(x); // prints the layer's mean activation
    /// </code>
    /// </example>
    public HookHandle RegisterForwardHook(Action<Module<TIn, TOut>, TIn, TOut> hook) =>
        HookList<Action<Module<TIn, TOut>, TIn, TOut>>.Add(ref _forwardHooks, hook, list => _forwardHooks = list);

    /// <summary>True when backward hooks are registered (only single-tensor modules have them).</summary>
    private protected virtual bool HasBackwardHooks => false;

    /// <summary>Connects the input and output to the module's backward hooks; the identity for modules without them.</summary>
    private protected virtual (TIn Input, Func<TOut, TOut> WrapOutput) AttachBackwardHooks(TIn input) => (input, static output => output);

    private TOut CallWithHooks(TIn input)
    {
        if (_forwardPreHooks is { } pre)
        {
            foreach (var hook in pre.Items)
            {
                hook(this, input);
            }
        }

        var original = input;
        Func<TOut, TOut>? wrap = null;
        if (HasBackwardHooks)
        {
            (input, wrap) = AttachBackwardHooks(input);
        }

        var output = Forward(input);
        if (wrap is not null)
        {
            output = wrap(output);
        }

        if (_forwardHooks is { } post)
        {
            foreach (var hook in post.Items)
            {
                hook(this, original, output);
            }
        }

        if (CallObserver is { } observe)
        {
            observe(this, output);
        }

        return output;
    }

    private HookList<Action<Module<TIn, TOut>, TIn>>? _forwardPreHooks;
    private HookList<Action<Module<TIn, TOut>, TIn, TOut>>? _forwardHooks;

    /// <summary>
    /// Runs <see cref="Forward"/> with some parameters or buffers temporarily replaced by the given tensors
    /// (PyTorch's <c>torch.func.functional_call</c>), then restores them. The output is then a function
    /// of those tensors, which is what a gradient check of a layer's parameters needs.
    /// </summary>
    /// <param name="tensors">Replacement tensors by dotted name; each must have the shape of the one it replaces.</param>
    /// <param name="input">The input to <see cref="Forward"/>.</param>
    public TOut FunctionalCall(IReadOnlyDictionary<string, Tensor> tensors, TIn input) => WithTensors(tensors, () => Call(input));
}
