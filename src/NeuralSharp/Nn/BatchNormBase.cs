using NeuralSharp.Autograd;

namespace NeuralSharp.Nn;

/// <summary>
/// What <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/> share: y = (x - mean) / sqrt(var + eps) * weight + bias
/// per channel C (dimension 1), with the statistics taken over every other dimension.
/// </summary>
/// <remarks>
/// In training the mean and (biased) variance come from the batch, and running estimates are updated as
/// running = (1 - momentum) running + momentum batch, with the unbiased variance, and num_batches_tracked
/// counts the updates; in evaluation mode the running estimates are used, so a prediction does not depend on
/// the rest of the batch (without running statistics, batch statistics are used in both modes). Tensor
/// names match PyTorch: weight, bias, running_mean, running_var, num_batches_tracked.
/// </remarks>
public abstract class BatchNormBase : Module
{
    private readonly string _name;
    private readonly bool _track;

    /// <summary>Creates the layer's tensors: weight 1, bias 0, running mean 0, running variance 1.</summary>
    /// <param name="name">The layer's name in error messages.</param>
    /// <param name="numFeatures">The number of channels C.</param>
    /// <param name="eps">Added to the variance before the square root.</param>
    /// <param name="momentum">The weight of the newest batch in the running estimates.</param>
    /// <param name="affine">Whether the layer learns a scale and shift per channel.</param>
    /// <param name="trackRunningStats">Whether running estimates are kept for evaluation mode.</param>
    private protected BatchNormBase(string name, int numFeatures, double eps, double momentum, bool affine, bool trackRunningStats)
    {
        (_name, _track, NumFeatures, Eps, Momentum) = (name, trackRunningStats, numFeatures, eps, momentum);
        if (affine)
        {
            Init.Constant(CreateParameter("weight", [numFeatures]), 1);
            CreateParameter("bias", [numFeatures]);
        }

        if (trackRunningStats)
        {
            CreateBuffer("running_mean", [numFeatures]);
            CreateBuffer("running_var", [numFeatures], 1);
            CreateBuffer("num_batches_tracked", []);
        }
    }

    /// <summary>The number of features (channels) C.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance before the square root, so that constant features do not divide by zero.</summary>
    public double Eps { get; }

    /// <summary>The weight of the newest batch in the running estimates.</summary>
    public double Momentum { get; }

    /// <summary>The learned scale, or null when not affine.</summary>
    public Tensor? Weight => TryGetParameter("weight");

    /// <summary>The learned shift, or null when not affine.</summary>
    public Tensor? Bias => TryGetParameter("bias");

    /// <summary>The running estimate of each feature's mean.</summary>
    /// <exception cref="InvalidOperationException">The layer does not track running statistics.</exception>
    public Tensor RunningMean => _track ? GetBuffer("running_mean") : throw NotTracked();

    /// <summary>The running estimate of each feature's (unbiased) variance.</summary>
    /// <exception cref="InvalidOperationException">The layer does not track running statistics.</exception>
    public Tensor RunningVar => _track ? GetBuffer("running_var") : throw NotTracked();

    /// <summary>Normalises <paramref name="input"/> over <paramref name="dims"/>; <paramref name="shape"/> is a channel vector's broadcast shape.</summary>
    private protected Tensor Normalize(Tensor input, int[] dims, int[] shape)
    {
        Tensor mean, variance;
        if (IsTraining || !_track)
        {
            var n = input.Count / NumFeatures;
            if (n < 2)
            {
                throw new ArgumentException($"{_name}: batch statistics need more than one value per feature, got input {input.Shape}{(_track ? "; use Eval() for single examples" : string.Empty)}");
            }

            if (Weight is null || Weight.DType == input.DType)
            {
                // One fused primitive (two passes over the input forwards, three backwards) in place of the composition below.
                var (output, batchMean, batchVariance) = Autograd.Ops.BatchNormOp.Apply(input, Weight, Bias, Eps);
                if (IsTraining && _track)
                {
                    UpdateRunningStatistics(batchMean, batchVariance * (n / (n - 1.0)));
                }

                return output;
            }

            mean = input.Mean(dims, keepDim: true);
            variance = (input - mean).Square().Mean(dims, keepDim: true);
            if (IsTraining && _track)
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

    private InvalidOperationException NotTracked() =>
        new($"{_name}: this layer was built with track_running_stats=False and has no running statistics");

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
