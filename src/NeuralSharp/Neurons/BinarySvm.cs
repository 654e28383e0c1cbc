using NeuralSharp.Losses;

namespace NeuralSharp.Neurons;

/// <summary>
/// A single neuron as a linear support vector machine: score w.x + b, labels ±1, trained with the
/// max-margin hinge loss plus an L2 penalty on w (which is what makes the margin maximal).
/// </summary>
public sealed class BinarySvm(int features, DType dtype = DType.Float32)
{
    /// <summary>The SVM as a generalised linear model: identity transfer (the score), hinge loss.</summary>
    public static GlmFamily Family { get; } = new("binary SVM", z => z, new HingeLoss());

    /// <summary>The underlying linear model (weights, bias, training).</summary>
    public GeneralizedLinearModel Model { get; } = new(features, Family, dtype);

    /// <summary>Trains on labels ±1 by (sub)gradient descent on hinge + l2 ||w||^2; returns the objective before each step.</summary>
    public IReadOnlyList<double> Fit(Tensor x, Tensor labels, double learningRate, int epochs, double l2 = 1e-3) =>
        Model.Fit(x, labels, learningRate, epochs, l2);

    /// <summary>The score w.x + b (its sign is the class; its size, over ||w||, the distance to the boundary).</summary>
    public Tensor DecisionFunction(Tensor x) => Model.LinearPredictor(x);

    /// <summary>+1 where the score is at least 0, else -1.</summary>
    public Tensor Predict(Tensor x) => (2.0 * DecisionFunction(x).Ge(0.0)) - 1.0;

    /// <inheritdoc/>
    public override string ToString() => $"BinarySvm(features={Model.Weights.Size(0)})";
}
