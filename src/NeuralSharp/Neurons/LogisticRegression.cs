namespace NeuralSharp.Neurons;

/// <summary>
/// A single neuron as a linear classifier by the binary softmax: P(y = 1 | x) = sigma(w.x + b),
/// trained with cross-entropy; classifies as 1 where that probability is at least 1/2.
/// </summary>
public sealed class LogisticRegression(int features, DType dtype = DType.Float32)
{
    /// <summary>The underlying generalised linear model (weights, bias, training).</summary>
    public GeneralizedLinearModel Model { get; } = GeneralizedLinearModel.LogisticRegression(features, dtype);

    /// <summary>Trains on labels 0/1 by gradient descent; returns the loss before each step.</summary>
    public IReadOnlyList<double> Fit(Tensor x, Tensor labels, double learningRate, int epochs, double l2 = 0) =>
        Model.Fit(x, labels, learningRate, epochs, l2);

    /// <summary>P(y = 1 | x) for each example.</summary>
    public Tensor PredictProbability(Tensor x) => Model.Forward(x);

    /// <summary>Class 1 where w.x + b &gt;= 0 (probability at least 1/2), else 0.</summary>
    public Tensor Predict(Tensor x) => Model.LinearPredictor(x).Ge(0.0);

    /// <inheritdoc/>
    public override string ToString() => $"LogisticRegression(features={Model.Weights.Size(0)})";
}
