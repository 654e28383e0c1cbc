namespace NeuralSharp.Nn;

/// <summary>
/// Activation functions on tensors (PyTorch's <c>torch.nn.functional</c>); the layers in this namespace
/// wrap them. All are differentiable and composed from the tensor primitives, so reverse and forward mode
/// derivatives come with them.
/// </summary>
/// <remarks>
/// Which to use: ReLU is the default for hidden layers; sigmoid (two classes) or softmax (several) at a
/// classifier's output, identity at a regression output. Sigmoid and tanh saturate, and each sigmoid layer
/// multiplies the gradient by at most 1/4, so deep stacks of them suffer from vanishing gradients. When
/// ReLU units die (stay at zero for every input), try leaky ReLU, ELU or Maxout.
/// </remarks>
public static class Functional
{
    /// <summary>1 / (1 + e^-x), in (0, 1); derivative sigma(x)(1 - sigma(x)) &lt;= 1/4. Finite for any input.</summary>
    public static Tensor Sigmoid(Tensor x) => x.Sigmoid();

    /// <summary>(e^x - e^-x) / (e^x + e^-x), in (-1, 1) and zero-centred; derivative 1 - tanh^2.</summary>
    public static Tensor Tanh(Tensor x) => x.Tanh();

    /// <summary>max(0, x); the derivative is 1 for x &gt; 0 and 0 otherwise, 0 at x = 0 included.</summary>
    public static Tensor Relu(Tensor x) => x.Relu();

    /// <summary>x for x &gt; 0, alpha x otherwise (max(alpha x, x) for alpha &lt; 1): a small slope keeps negative units learning.</summary>
    public static Tensor LeakyRelu(Tensor x, double alpha = 0.01) => Tensor.Where(x.Gt(0.0), x, x * alpha);

    /// <summary>x for x &gt; 0, alpha (e^x - 1) otherwise: smooth, with negative outputs that push the mean activation toward zero.</summary>
    public static Tensor Elu(Tensor x, double alpha = 1.0)
    {
        // exp only of the non-positive part: the unchosen branch must stay finite, or its zero gradient times inf is NaN.
        // The part is picked by the same condition rather than by min(x, 0), whose gradient splits at x = 0: so the
        // derivative at 0 is alpha, the left-hand one, as in PyTorch.
        var positive = x.Gt(0.0);
        var negative = Tensor.Where(positive, Tensor.Scalar(0.0, x.DType), x);
        return Tensor.Where(positive, x, (negative.Exp() - 1.0) * alpha);
    }

    /// <summary>log(1 + e^x), a smooth ReLU whose derivative is the sigmoid; computed without overflow for large x.</summary>
    public static Tensor SoftPlus(Tensor x) => x.SoftPlus();

    /// <summary>The perceptron's threshold: 1 where x &gt;= 0, else 0. Its gradient is zero: it is not trained by gradients.</summary>
    public static Tensor Step(Tensor x) => x.Step();

    /// <summary>-1, 0 or 1 by the sign of x; zero gradient.</summary>
    public static Tensor Sign(Tensor x) => x.Sign();

    /// <summary>x itself: the output activation of a regression network.</summary>
    public static Tensor Identity(Tensor x) => x;

    /// <summary>
    /// Parametric ReLU: x for x &gt; 0, alpha x otherwise, with alpha a tensor that is learned. One alpha
    /// for the whole layer, or one per channel (dimension 1 of the input, or 0 for a vector).
    /// </summary>
    public static Tensor Prelu(Tensor x, Tensor alpha)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        if (alpha.Count != 1)
        {
            var channelDim = x.Rank >= 2 ? 1 : 0;
            if (x.Rank == 0 || x.Size(channelDim) != alpha.Count)
            {
                throw new ArgumentException($"prelu: {alpha.Count} parameters do not match the {(x.Rank == 0 ? 0 : x.Size(channelDim))} channels of an input of shape {x.Shape}");
            }

            var shape = Enumerable.Repeat(1, x.Rank).ToArray();
            shape[channelDim] = alpha.Count;
            alpha = alpha.Reshape(shape);
        }
        else
        {
            alpha = alpha.Reshape([]);
        }

        // relu(x) - alpha relu(-x) is max(alpha x, x) for alpha < 1, and its alpha-gradient is min(0, x).
        return x.Relu() - (alpha * (-x).Relu());
    }

    /// <summary>
    /// Maxout: splits the last dimension into groups of <paramref name="k"/> consecutive values and keeps the
    /// largest of each group, so [..., m k] becomes [..., m]. With affine pieces in front (the <see cref="Maxout"/>
    /// layer) it generalises ReLU (max(w.x + b, 0)) and leaky ReLU.
    /// </summary>
    public static Tensor Maxout(Tensor x, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var last = x.Rank == 0 ? 1 : x.Size(-1);
        if (x.Rank == 0 || last % k != 0)
        {
            throw new ArgumentException($"maxout: the last dimension of shape {x.Shape} is not a multiple of k = {k}");
        }

        var dims = x.Shape.ToArray();
        int[] grouped = [.. dims[..^1], last / k, k];
        return x.Reshape(grouped).Max(-1);
    }

    /// <summary>
    /// exp(x_i) / sum_j exp(x_j) along <paramref name="dim"/>: positive values summing to 1, the output of a
    /// multi-class classifier. The maximum is subtracted first, so logits of any size give finite results.
    /// </summary>
    public static Tensor Softmax(Tensor x, int dim = -1)
    {
        // Softmax does not change when a constant is subtracted, so the shift needs no gradient.
        var e = (x - x.Max(dim, keepDim: true).Detach()).Exp();
        return e / e.Sum(dim, keepDim: true);
    }

    /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed as x - logsumexp(x): stable where log(softmax) would give log(0).</summary>
    public static Tensor LogSoftmax(Tensor x, int dim = -1) => x - x.LogSumExp(dim, keepDim: true);

    /// <summary>
    /// Inverted dropout: each element (or each slice, when <paramref name="maskShape"/> broadcasts over some
    /// dimensions, as Dropout2d drops whole channels) is zeroed with probability <paramref name="p"/> and the
    /// survivors are scaled by 1 / (1 - p), so that the expected output equals the input.
    /// </summary>
    /// <param name="input">The activations.</param>
    /// <param name="p">The probability of dropping, in [0, 1].</param>
    /// <param name="maskShape">The shape of the random mask, broadcast to the input's.</param>
    /// <param name="generator">The source of the mask (or <see cref="Generator.Default"/>).</param>
    public static Tensor Dropout(Tensor input, double p, Shape maskShape, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (p == 0)
        {
            return input;
        }

        if (p == 1)
        {
            return input * 0.0;
        }

        // u in [0, 1) is at least p with probability 1 - p: those survive.
        var keep = Tensor.Rand(maskShape, generator: generator ?? Generator.Default, dtype: input.DType).Ge(p);
        return input * (keep * (1 / (1 - p)));
    }
}
