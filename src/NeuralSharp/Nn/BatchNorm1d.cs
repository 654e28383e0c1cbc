using NeuralSharp.Autograd;

namespace NeuralSharp.Nn;

/// <summary>
/// Batch normalisation over the features of [N, C] or [N, C, L] inputs (PyTorch's <c>nn.BatchNorm1d</c>):
/// y = (x - mean) / sqrt(var + eps) * weight + bias, per feature C.
/// </summary>
/// <remarks>
/// In training the mean and (biased) variance come from the batch, and running estimates are updated as
/// running = (1 - momentum) running + momentum batch, with the unbiased variance; in evaluation mode the
/// running estimates are used, so a prediction does not depend on the rest of the batch. Tensor names match
/// PyTorch: weight, bias, running_mean, running_var, num_batches_tracked.
/// </remarks>
public sealed class BatchNorm1d : Module
{
    /// <summary>Creates the layer with weight 1, bias 0, running mean 0 and running variance 1.</summary>
    public BatchNorm1d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numFeatures, 1);
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), "batchnorm: eps must be positive and momentum in [0, 1]");
        }

        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            Init.Constant(CreateParameter("weight", [numFeatures]), 1);
            CreateParameter("bias", [numFeatures]);
        }

        CreateBuffer("running_mean", [numFeatures]);
        CreateBuffer("running_var", [numFeatures], 1);
        CreateBuffer("num_batches_tracked", []);
    }

    /// <summary>The number of features C.</summary>
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
    public Tensor RunningMean => GetBuffer("running_mean");

    /// <summary>The running estimate of each feature's (unbiased) variance.</summary>
    public Tensor RunningVar => GetBuffer("running_var");

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
        if (IsTraining)
        {
            var n = input.Count / NumFeatures;
            if (n < 2)
            {
                throw new ArgumentException($"batchnorm1d: training needs more than one value per feature, got input {input.Shape}; use Eval() for single examples");
            }

            mean = input.Mean(dims, keepDim: true);
            variance = (input - mean).Square().Mean(dims, keepDim: true);
            UpdateRunningStatistics(mean, variance * (n / (n - 1.0)));
        }
        else
        {
            mean = RunningMean.Reshape(shape);
            variance = RunningVar.Reshape(shape);
        }

        var y = (input - mean) / (variance + Eps).Sqrt();
        return Weight is { } w && Bias is { } b ? (y * w.Reshape(shape)) + b.Reshape(shape) : y;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        FormattableString.Invariant($"{NumFeatures}, eps={Eps}, momentum={Momentum}, affine={(Weight is not null ? "true" : "false")}");

    /// <inheritdoc/>
    protected internal override void WriteConfig(ModuleConfig config) =>
        config.Set("num_features", NumFeatures).Set("eps", Eps).Set("momentum", Momentum).Set("affine", Weight is not null);

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
