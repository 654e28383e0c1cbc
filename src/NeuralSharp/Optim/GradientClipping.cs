using NeuralSharp.Autograd;

namespace NeuralSharp.Optim;

/// <summary>
/// Limits gradients before an optimiser step (PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> and
/// <c>clip_grad_value_</c>), e.g. to keep one bad batch from throwing a recurrent network off course.
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their global norm (as if concatenated into one vector)
    /// is at most <paramref name="maxNorm"/>; the direction of the overall gradient is kept.
    /// </summary>
    /// <param name="parameters">The parameters whose gradients are clipped; those without a gradient are ignored.</param>
    /// <param name="maxNorm">The largest norm allowed.</param>
    /// <param name="normType">The p of the p-norm; <see cref="double.PositiveInfinity"/> for the largest magnitude.</param>
    /// <returns>The total norm before clipping, like PyTorch.</returns>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2.0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(normType > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(normType), $"clip_grad_norm: the norm type must be > 0, got {normType}");
        }

        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().Select(g => g.Contiguous()).ToArray();
        var infinity = double.IsPositiveInfinity(normType);
        var total = 0.0;
        foreach (var g in grads)
        {
            // The backend sums in double, so that the norm of millions of float32 values keeps its digits.
            var part = g.Backend.SumOfPowers(g, normType);
            total = infinity ? Math.Max(total, part) : total + part;
        }

        if (!infinity)
        {
            total = normType == 2 ? Math.Sqrt(total) : Math.Pow(total, 1 / normType);
        }

        // PyTorch's 1e-6 keeps the factor finite for a zero gradient; it always rescales, by at most 1.
        var factor = Math.Min(maxNorm / (total + 1e-6), 1.0);
        using (GradMode.NoGrad())
        {
            foreach (var g in grads)
            {
                g.MulInPlace(factor);
            }
        }

        return total;
    }

    /// <summary>Clamps every gradient element to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>].</summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Optimizer.CheckNonNegative(clipValue, "clip value");
        using (GradMode.NoGrad())
        {
            foreach (var g in parameters.Select(p => p.Grad).OfType<Tensor>())
            {
                g.CopyFrom(g.Clamp(-clipValue, clipValue));
            }
        }
    }
}
