namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>
    /// Huber loss (PyTorch's <c>huber_loss</c>): per element 0.5 d^2 where d = |prediction - target| is at most
    /// <paramref name="delta"/>, and delta (d - 0.5 delta) beyond it: quadratic near the target, linear (robust to outliers) far from it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not a positive finite number.</exception>
    public static Tensor Huber(Tensor prediction, Tensor target, double delta = 1.0, Reduction reduction = Reduction.Mean)
    {
        if (!(delta > 0 && double.IsFinite(delta)))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "huber_loss: delta must be a positive finite number");
        }

        target = SameShapeTarget("huber_loss", prediction, target);
        var d = (prediction - target).Abs();
        // q = min(d, delta): 0.5 q^2 + delta (d - q) is 0.5 d^2 below delta and delta (d - 0.5 delta) above.
        var q = d.Clamp(0, delta);
        return Reduce((0.5 * q.Square()) + (delta * (d - q)), reduction);
    }
}

/// <summary>Huber loss as an object; see <see cref="Loss.Huber"/>.</summary>
/// <param name="delta">Where the loss turns from quadratic to linear.</param>
/// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
public sealed class HuberLoss(double delta = 1.0, Reduction reduction = Reduction.Mean) : ILoss
{
    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public double Delta => delta;

    /// <inheritdoc/>
    public Reduction Reduction => reduction;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Loss.Huber(prediction, target, delta, reduction);

    /// <inheritdoc/>
    public override string ToString() => $"HuberLoss(delta={delta.ToString(System.Globalization.CultureInfo.InvariantCulture)}, reduction={reduction})";
}
