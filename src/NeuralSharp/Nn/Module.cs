using NeuralSharp.Autograd.Ops;
using NeuralSharp.Nn.Hooks;

namespace NeuralSharp.Nn;

/// <summary>
/// The base of every single-tensor layer and network (PyTorch's <c>torch.nn.Module</c>): one tensor in, one
/// tensor out, batch dimension first. Everything a module owns (parameters, buffers, children, modes,
/// state dicts, printing) comes from <see cref="ModuleBase"/>; modules taking or returning several tensors
/// derive from <see cref="Module{TIn, TOut}"/> instead.
/// </summary>
/// <example>
/// <code>
/// var g = new Generator(42);
/// var net = new Sequential(new Linear(784, 30, generator: g), new Sigmoid(), new Linear(30, 10, generator: g));
/// Tensor y = net.Forward(x);
/// Console.WriteLine(net);              // the module tree
/// Console.WriteLine(net.ParameterCount); // 23,860
/// </code>
/// </example>
public abstract class Module : Module<Tensor, Tensor>
{
    /// <summary>Computes the module's output for a batch of inputs.</summary>
    /// <param name="input">The input, batch dimension first.</param>
    /// <returns>The output; differentiable with respect to the input and to the parameters.</returns>
    public abstract override Tensor Forward(Tensor input);

    /// <summary>
    /// The shape of one example (without the batch dimension) that the network was built for, e.g. [784] or
    /// [1, 28, 28]; null when unknown. <see cref="IO.Model.Save"/> records it and <see cref="IO.Model.Load(string)"/>
    /// restores it, so that tools such as <see cref="Summary"/> and the command line need not guess it.
    /// Set it when you build a network (<c>new Sequential(...) { InputShape = [784] }</c>).
    /// </summary>
    public Shape? InputShape { get; set; }

    /// <summary>
    /// Registers <paramref name="hook"/> to run in every backward pass through a <see cref="Module{TIn, TOut}.Call"/> of
    /// this module (PyTorch's <c>register_full_backward_hook</c>), with the module, the gradient of the loss with respect
    /// to the module's input (null when the input does not require gradients, as for a network's first layer) and the
    /// gradient with respect to its output. Dispose the returned handle to remove it.
    /// </summary>
    /// <remarks>The hook sees the gradients; it cannot change them. Calls made while gradients are off are not hooked.</remarks>
    public HookHandle RegisterFullBackwardHook(Action<Module, Tensor?, Tensor> hook) =>
        HookList<Action<Module, Tensor?, Tensor>>.Add(ref _backwardHooks, hook, list => _backwardHooks = list);

    private protected override bool HasBackwardHooks => _backwardHooks is not null;

    private protected override (Tensor Input, Func<Tensor, Tensor> WrapOutput) AttachBackwardHooks(Tensor input)
    {
        if (!Autograd.GradMode.IsEnabled || _backwardHooks is not { } hooks)
        {
            return (input, static output => output);
        }

        var call = new BackwardHookCall(this, hooks.Items.ToArray(), input.RequiresGrad);
        return (call.Input(input), call.Output);
    }

    private HookList<Action<Module, Tensor?, Tensor>>? _backwardHooks;
}
