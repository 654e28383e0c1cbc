namespace NeuralSharp.Losses;

/// <summary>
/// A loss (cost) as an object, so that a training loop can take "a loss" without knowing which one:
/// <c>var c = loss.Compute(model.Forward(x), y); c.Backward();</c>.
/// </summary>
/// <remarks>Every implementation delegates to a static function of <see cref="Loss"/>, which holds the formula.</remarks>
public interface ILoss
{
    /// <summary>How the per-element (or per-example) values are combined.</summary>
    Reduction Reduction { get; }

    /// <summary>The loss of <paramref name="prediction"/> against <paramref name="target"/>; a scalar unless <see cref="Reduction"/> is <see cref="Reduction.None"/>.</summary>
    Tensor Compute(Tensor prediction, Tensor target);
}
