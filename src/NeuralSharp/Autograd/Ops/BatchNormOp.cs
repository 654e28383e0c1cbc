namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// Batch normalisation with the batch's own statistics, fused: per channel of x [N, C, ...],
/// y = (x - mean) / sigma w + b with mean and sigma^2 (biased) over the batch and the positions, sigma^2 + eps under
/// the root. Reverse: dx = w / sigma (dy - mean(dy) - xhat mean(dy xhat)), dw = sum(dy xhat), db = sum(dy), with
/// xhat = (x - mean) / sigma. Forward: dy = w / sigma (dx - mean(dx) - xhat mean(dx xhat)) + dw xhat + db.
/// </summary>
/// <remarks>The same derivatives as the composition of means, subtraction, square root and division that the
/// layer used before, which a backward pass with createGraph (and the forward mode) records instead, so that the
/// gradient can be differentiated again; the tests check the two against each other.</remarks>
internal sealed class BatchNormOp(Tensor mean, Tensor invStd, double eps) : Op
{
    public override string Name => "batch_norm";

    /// <summary>Normalises x [N, C, ...] per channel with weight and bias [C] (or null); also returns the batch mean and biased variance, [C] each.</summary>
    public static (Tensor Output, Tensor Mean, Tensor Variance) Apply(Tensor x, Tensor? weight, Tensor? bias, double eps)
    {
        var channels = x.Dims[1];
        var y = Tensor.Empty(x.Dims, x.DType);
        var (mean, variance, invStd) = (Tensor.Empty([channels], x.DType), Tensor.Empty([channels], x.DType), Tensor.Empty([channels], x.DType));
        y.Backend.BatchNormForward(x, weight, bias, eps, mean, variance, invStd, y);
        var op = new BatchNormOp(mean, invStd, eps);
        Tensor[] inputs = (weight, bias) switch
        {
            (null, null) => [x],
            ({ } w, { } b) => [x, w, b],
            _ => throw new ArgumentException("batch_norm: give both weight and bias or neither"),
        };
        return (Record(op, y, inputs), mean, variance);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        var x = Inputs[0];
        var (w, b) = Inputs.Length > 1 ? (Inputs[1], Inputs[2]) : ((Tensor?)null, (Tensor?)null);
        if (GradMode.IsEnabled)
        {
            return RecordedBackward(gradOutput, x, w, b);
        }

        var dx = x.RequiresGrad ? Tensor.Empty(x.Dims, x.DType) : null;
        var dw = w is { RequiresGrad: true } ? Tensor.Empty(w.Dims, w.DType) : null;
        var db = b is { RequiresGrad: true } ? Tensor.Empty(b.Dims, b.DType) : null;
        x.Backend.BatchNormBackward(gradOutput, x, w, mean, invStd, dx, dw, db);
        return w is null ? [dx] : [dx, dw, db];
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents)
    {
        var x = Inputs[0];
        var (dims, shape) = Axes(x);
        var (xhat, inv) = Normalised(x, dims);
        var dx = inputTangents[0];
        var t = (dx - dx.Mean(dims, keepDim: true) - (xhat * (dx * xhat).Mean(dims, keepDim: true))) * inv;
        return Inputs.Length == 1 ? t : (t * Inputs[1].Reshape(shape)) + (inputTangents[1].Reshape(shape) * xhat) + inputTangents[2].Reshape(shape);
    }

    /// <summary>The same gradients from recorded operations, for createGraph.</summary>
    private Tensor?[] RecordedBackward(Tensor gradOutput, Tensor x, Tensor? w, Tensor? b)
    {
        var (dims, shape) = Axes(x);
        var (xhat, inv) = Normalised(x, dims);
        var g = w is null ? gradOutput : gradOutput * w.Reshape(shape);
        Tensor? dx = x.RequiresGrad ? (g - g.Mean(dims, keepDim: true) - (xhat * (g * xhat).Mean(dims, keepDim: true))) * inv : null;
        if (w is null)
        {
            return [dx];
        }

        return [dx, w.RequiresGrad ? (gradOutput * xhat).Sum(dims) : null, b!.RequiresGrad ? gradOutput.Sum(dims) : null];
    }

    /// <summary>xhat = (x - mean) / sigma and 1 / sigma, as recorded operations on x.</summary>
    private (Tensor Xhat, Tensor InvStd) Normalised(Tensor x, int[] dims)
    {
        var centred = x - x.Mean(dims, keepDim: true);
        var inv = 1 / (centred.Square().Mean(dims, keepDim: true) + eps).Sqrt();
        return (centred * inv, inv);
    }

    /// <summary>The dimensions the statistics run over (all but the channels) and the shape [1, C, 1, ...] a [C] vector broadcasts as.</summary>
    private static (int[] Dims, int[] Shape) Axes(Tensor x)
    {
        var dims = Enumerable.Range(0, x.Rank).Where(d => d != 1).ToArray();
        var shape = Enumerable.Range(0, x.Rank).Select(d => d == 1 ? x.Dims[1] : 1).ToArray();
        return (dims, shape);
    }
}
