namespace NeuralSharp.Nn;

/// <summary>Merges dimensions <c>StartDim..EndDim</c> into one (PyTorch's <c>nn.Flatten</c>): by default [N, 28, 28] becomes [N, 784], keeping the batch dimension.</summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    /// <summary>The first dimension merged.</summary>
    public int StartDim { get; } = startDim;

    /// <summary>The last dimension merged (negative counts from the end).</summary>
    public int EndDim { get; } = endDim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"start_dim={StartDim}, end_dim={EndDim}");

    /// <inheritdoc/>
    protected internal override void WriteConfig(ModuleConfig config) => config.Set("start_dim", StartDim).Set("end_dim", EndDim);
}
