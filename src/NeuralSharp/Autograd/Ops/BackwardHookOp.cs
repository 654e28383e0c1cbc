using NeuralSharp.Nn;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// One hooked call of a module: the identity ops put on its input and its output, and what they have seen.
/// The output's op sees the gradient with respect to the output first; the input's op then sees the gradient
/// with respect to the input and runs the hooks with both (PyTorch's full backward hook).
/// </summary>
internal sealed class BackwardHookCall(Module module, Action<Module, Tensor?, Tensor>[] hooks, bool inputTracked)
{
    private Tensor? _gradOutput;

    /// <summary>The module's input, connected to the hook when it requires gradients.</summary>
    public Tensor Input(Tensor input) => inputTracked ? BackwardHookOp.Apply(input, this, isOutput: false) : input;

    /// <summary>The module's output, connected to the hook when it requires gradients.</summary>
    public Tensor Output(Tensor output) => BackwardHookOp.Apply(output, this, isOutput: true);

    internal void Seen(Tensor gradient, bool isOutput)
    {
        if (isOutput)
        {
            _gradOutput = gradient;
            if (!inputTracked)
            {
                Run(null, gradient);
            }
        }
        else if (_gradOutput is { } gradOutput)
        {
            Run(gradient, gradOutput);
        }
    }

    private void Run(Tensor? gradInput, Tensor gradOutput)
    {
        foreach (var hook in hooks)
        {
            hook(module, gradInput, gradOutput);
        }
    }
}

/// <summary>The identity, telling a <see cref="BackwardHookCall"/> of the gradient that passes through it.</summary>
internal sealed class BackwardHookOp : Op
{
    private readonly BackwardHookCall _call;
    private readonly bool _isOutput;

    private BackwardHookOp(BackwardHookCall call, bool isOutput)
    {
        _call = call;
        _isOutput = isOutput;
    }

    public override string Name => _isOutput ? "backward_hook(output)" : "backward_hook(input)";

    public static Tensor Apply(Tensor x, BackwardHookCall call, bool isOutput) => Record(new BackwardHookOp(call, isOutput), x.Detach(), x);

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        _call.Seen(gradOutput, _isOutput);
        return [gradOutput];
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0];
}
