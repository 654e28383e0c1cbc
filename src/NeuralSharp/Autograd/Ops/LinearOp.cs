using NeuralSharp.Kernels;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// The affine map of a fully connected layer, y = x W^T + b (x [..., in], W [out, in], b [out]), fused
/// into one matrix product that adds the bias to each tile of y as it is written, saving sweeps over y.
/// Reverse: dx = dy W, dW = dy^T x, db = sum of dy over the batch. Forward: dy = dx W^T + x dW^T + db.
/// </summary>
/// <remarks>Checked against the composition <c>x.MatMul(W.T) + b</c> in the tests.</remarks>
internal sealed class LinearOp : Op
{
    public override string Name => "linear";

    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias) => Apply(x, weight, bias, GemmActivation.None);

    /// <summary>
    /// The affine map followed by <paramref name="activation"/>, applied to each tile of y as it is written: what
    /// <see cref="Nn.Sequential"/> runs for a Linear followed by a ReLU when no gradient is recorded. Equal bit for bit
    /// to the two ops one after the other.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, GemmActivation activation)
    {
        if (activation != GemmActivation.None && GradMode.IsEnabled)
        {
            throw new InvalidOperationException("linear: a fused activation has no backward; use it only without gradients");
        }

        if (weight.Rank != 2 || x.Rank == 0 || x.Dims[^1] != weight.Dims[1])
        {
            throw new ArgumentException($"linear: input {x.Shape} does not match weight {weight.Shape} (expected [..., {(weight.Rank == 2 ? weight.Dims[1] : -1)}])");
        }

        if (bias is not null && (bias.Rank != 1 || bias.Dims[0] != weight.Dims[0]))
        {
            throw new ArgumentException($"linear: bias {bias.Shape} does not match weight {weight.Shape} (expected [{weight.Dims[0]}])");
        }

        if (x.DType != weight.DType || (bias is not null && bias.DType != weight.DType))
        {
            var result = x.MatMul(weight.T);
            result = bias is null ? result : result + bias;
            return activation == GemmActivation.Relu ? result.Relu() : result;
        }

        var dims = (int[])x.Dims.Clone();
        dims[^1] = weight.Dims[0];
        var y = Tensor.Empty(dims, x.DType);
        y.Backend.LinearForward(x.Dense(), weight.Dense(), bias?.Dense(), y, activation);
        if (!GradMode.IsEnabled)
        {
            return y; // nothing is recorded: skip building the node
        }

        return bias is null ? Record(new LinearOp(), y, x, weight) : Record(new LinearOp(), y, x, weight, bias);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        var (x, w) = (Inputs[0], Inputs[1]);
        var g2 = gradOutput.Reshape(-1, w.Dims[0]);
        return
        [
            x.RequiresGrad ? gradOutput.MatMul(w) : null,
            w.RequiresGrad ? WeightGradient(g2, x.Reshape(-1, w.Dims[1])) : null,
            Inputs.Length > 2 && Inputs[2].RequiresGrad ? g2.Sum(0) : null,
        ];
    }

    /// <summary>dW = dYᵀ X [out, in]; for a narrow input (an LSTM's 28 pixels against 512 gates) computed as (Xᵀ dY)ᵀ.</summary>
    /// <remarks>The product's columns are the input features: fewer than a few of the GEMM's register tiles wide, every
    /// tile is a partial one and the k-major dY is packed by narrow columns; with the wide side on the columns it runs
    /// near the kernel's peak (an LSTM-128 step's dW_ih, 512 x 28 over 3584 rows, took a tenth of the step). The blocked
    /// kernel computes each element as the same sum in the same order either way.</remarks>
    private static Tensor WeightGradient(Tensor dy, Tensor x)
    {
        var (rows, outFeatures, inFeatures) = (dy.Dims[0], dy.Dims[1], x.Dims[1]);
        var transposed = inFeatures is > 4 and < NarrowInput && inFeatures < outFeatures && (long)rows * inFeatures * outFeatures > SmallProduct;
        return transposed ? x.T.MatMul(dy).T.Contiguous() : dy.T.MatMul(x);
    }

    /// <summary>Below this many input features the weight gradient is computed transposed (see <see cref="WeightGradient"/>).</summary>
    private const int NarrowInput = 64;

    /// <summary>
    /// Products of up to this many multiply-adds (and those with at most 4 rows) take the GEMM's direct path, whose order
    /// of operations depends on the orientation: they stay as they were, so that only products on the blocked path,
    /// where each element is the same sum either way, are turned round and no result changes.
    /// </summary>
    private const long SmallProduct = 1L << 18;

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents)
    {
        var (x, w) = (Inputs[0], Inputs[1]);
        var t = inputTangents[0].MatMul(w.T) + x.MatMul(inputTangents[1].T);
        return Inputs.Length > 2 ? t + inputTangents[2] : t;
    }
}
