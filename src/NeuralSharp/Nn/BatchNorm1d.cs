namespace NeuralSharp.Nn;

/// <summary>
/// Batch normalisation over the features of [N, C] or [N, C, L] inputs (PyTorch's <c>nn.BatchNorm1d</c>):
/// y = (x - mean) / sqrt(var + eps) * weight + bias, per feature C.
/// </summary>
/// <remarks>
/// In training the mean and (biased) variance come from the batch, and running estimates are updated as
/// running = (1 - momentum) running + momentum batch, with the unbiased variance; in evaluation mode the
/// running estimates are used, so a prediction does not depend on the rest of the batch (unless
/// <see cref="BatchNorm1dConfig.TrackRunningStats"/> is off: then there are no running estimates and batch
/// statistics are used in both modes). Tensor names match PyTorch: weight, bias, running_mean, running_var,
/// num_batches_tracked.
/// </remarks>
public sealed class BatchNorm1d : BatchNormBase, IConfigurable<BatchNorm1d, BatchNorm1dConfig>
{
    /// <summary>Creates the layer with weight 1, bias 0, running mean 0 and running variance 1.</summary>
    public BatchNorm1d(BatchNorm1dConfig config)
        : base("batchnorm1d", LayerConfig.Validate(config).NumFeatures, config.Eps, config.Momentum, config.Affine, config.TrackRunningStats)
    {
        Config = config;
    }

    /// <summary>Creates the layer from its settings; see <see cref="BatchNorm1dConfig"/>.</summary>
    public BatchNorm1d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        : this(new BatchNorm1dConfig(numFeatures, eps, momentum, affine, trackRunningStats))
    {
    }

    /// <inheritdoc/>
    public BatchNorm1dConfig Config { get; }

    /// <inheritdoc/>
    public static BatchNorm1d Create(BatchNorm1dConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank is not (2 or 3) || input.Size(1) != NumFeatures)
        {
            throw new ArgumentException($"batchnorm1d: expected [N, {NumFeatures}] or [N, {NumFeatures}, L], got {input.Shape}");
        }

        return input.Rank == 2 ? Normalize(input, [0], [1, NumFeatures]) : Normalize(input, [0, 2], [1, NumFeatures, 1]);
    }
}
