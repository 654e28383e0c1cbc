namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>
    /// The L2 regularisation term lambda (||W_1||^2 + ||W_2||^2 + ...), to add to a loss; its gradient
    /// 2 lambda W pulls every weight toward zero (weight decay).
    /// </summary>
    /// <remarks>Pass the weights only: biases are usually left unpenalised.</remarks>
    /// <param name="weights">The tensors to penalise.</param>
    /// <param name="lambda">The regularisation strength (non-negative).</param>
    public static Tensor L2Penalty(IEnumerable<Tensor> weights, double lambda)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!(lambda >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), $"l2_penalty: lambda must be non-negative, got {lambda}");
        }

        Tensor? total = null;
        foreach (var w in weights)
        {
            var squares = w.Square().Sum();
            total = total is null ? squares : total + squares;
        }

        return total is null ? Tensor.Scalar(0.0) : lambda * total;
    }
}
