using NeuralSharp.Autograd;

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
public sealed class BatchNorm1d : Module, IConfigurable<BatchNorm1d, BatchNorm1dConfig>
{
    /// <summary>Creates the layer with weight 1, bias 0, running mean 0 and running variance 1.</summary>
    public BatchNorm1d(BatchNorm1dConfig config)
    {
        Config = LayerConfig.Validate(config);
        var n = config.NumFeatures;
        if (config.Affine)
        {
            Init.Constant(CreateParameter("weight", [n]), 1);
            CreateParameter("bias", [n]);
        }

        if (config.TrackRunningStats)
        {
            CreateBuffer("running_mean", [n]);
            CreateBuffer("running_var", [n], 1);
            CreateBuffer("num_batches_tracked", []);
        }
    }

    /// <summary>Creates the layer from its settings; see <see cref="BatchNorm1dConfig"/>.</summary>
    public BatchNorm1d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        : this(new BatchNorm1dConfig(numFeatures, eps, momentum, affine, trackRunningStats))
    {
    }

    /// <inheritdoc/>
    public BatchNorm1dConfig Config { get; }

    /// <summary>The number of features C.</summary>
    public int NumFeatures => Config.NumFeatures;

    /// <summary>Added to the variance before the square root, so that constant features do not divide by zero.</summary>
    public double Eps => Config.Eps;

    /// <summary>The weight of the newest batch in the running estimates.</summary>
    public double Momentum => Config.Momentum;

    /// <summary>The learned scale, or null when not affine.</summary>
    public Tensor? Weight => TryGetParameter("weight");

    /// <summary>The learned shift, or null when not affine.</summary>
    public Tensor? Bias => TryGetParameter("bias");

    /// <summary>The running estimate of each feature's mean.</summary>
    /// <exception cref="InvalidOperationException">The layer does not track running statistics.</exception>
    public Tensor RunningMean => Config.TrackRunningStats ? GetBuffer("running_mean") : throw NotTracked();

    /// <summary>The running estimate of each feature's (unbiased) variance.</summary>
    /// <exception cref="InvalidOperationException">The layer does not track running statistics.</exception>
    public Tensor RunningVar => Config.TrackRunningStats ? GetBuffer("running_var") : throw NotTracked();

    /// <inheritdoc/>
    public static BatchNorm1d Create(BatchNorm1dConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank is not (2 or 3) || input.Size(1) != NumFeatures)
        {
            throw new ArgumentException($"batchnorm1d: expected [N, {NumFeatures}] or [N, {NumFeatures}, L], got {input.Shape}");
        }

        int[] dims = input.Rank == 2 ? [0] : [0, 2];
        int[] shape = input.Rank == 2 ? [1, NumFeatures] : [1, NumFeatures, 1];
        Tensor mean, variance;
        if (IsTraining || !Config.TrackRunningStats)
        {
            var n = input.Count / NumFeatures;
            if (n < 2)
            {
                throw new ArgumentException($"batchnorm1d: batch statistics need more than one value per feature, got input {input.Shape}{(Config.TrackRunningStats ? "; use Eval() for single examples" : string.Empty)}");
            }

            mean = input.Mean(dims, keepDim: true);
            variance = (input - mean).Square().Mean(dims, keepDim: true);
            if (IsTraining && Config.TrackRunningStats)
            {
                UpdateRunningStatistics(mean, variance * (n / (n - 1.0)));
            }
        }
        else
        {
            mean = RunningMean.Reshape(shape);
            variance = RunningVar.Reshape(shape);
        }

        var y = (input - mean) / (variance + Eps).Sqrt();
        return Weight is { } w && Bias is { } b ? (y * w.Reshape(shape)) + b.Reshape(shape) : y;
    }

    private static InvalidOperationException NotTracked() =>
        new("batchnorm1d: this layer was built with track_running_stats=False and has no running statistics");

    private void UpdateRunningStatistics(Tensor mean, Tensor unbiasedVariance)
    {
        using (GradMode.NoGrad())
        {
            RunningMean.MulInPlace(1 - Momentum).AddInPlace(mean.Reshape(NumFeatures), Momentum);
            RunningVar.MulInPlace(1 - Momentum).AddInPlace(unbiasedVariance.Reshape(NumFeatures), Momentum);
            var count = GetBuffer("num_batches_tracked");
            count.Fill(count.ItemAsDouble() + 1);
        }
    }
}
