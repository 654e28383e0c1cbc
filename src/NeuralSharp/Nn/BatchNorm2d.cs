namespace NeuralSharp.Nn;

/// <summary>
/// Batch normalisation of the channels of [N, C, H, W] images (PyTorch's <c>nn.BatchNorm2d</c>): each channel is
/// normalised with statistics over the batch and every position (N, H, W), as a convolution shares its kernel
/// over positions, then scaled and shifted per channel. Training and evaluation behave as in
/// <see cref="BatchNormBase"/>.
/// </summary>
public sealed class BatchNorm2d : BatchNormBase, IConfigurable<BatchNorm2d, BatchNorm2dConfig>
{
    /// <summary>Creates the layer with weight 1, bias 0, running mean 0 and running variance 1.</summary>
    public BatchNorm2d(BatchNorm2dConfig config)
        : base("BatchNorm2d", LayerConfig.Validate(config).NumFeatures, config.Eps, config.Momentum, config.Affine, config.TrackRunningStats)
    {
        Config = config;
    }

    /// <summary>Creates the layer from its settings; see <see cref="BatchNorm2dConfig"/>.</summary>
    public BatchNorm2d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        : this(new BatchNorm2dConfig(numFeatures, eps, momentum, affine, trackRunningStats))
    {
    }

    /// <inheritdoc/>
    public BatchNorm2dConfig Config { get; }

    /// <inheritdoc/>
    public static BatchNorm2d Create(BatchNorm2dConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Size(1) != NumFeatures)
        {
            throw new ArgumentException($"BatchNorm2d: expected input [N, {NumFeatures}, H, W], got {input.Shape}");
        }

        return Normalize(input, [0, 2, 3], [1, NumFeatures, 1, 1]);
    }
}
