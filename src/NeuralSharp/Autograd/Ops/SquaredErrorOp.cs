namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// A scaled sum of squared errors in one node: L = scale * sum((p - t)^2) over every element, which is the mean
/// squared error (scale 1 / count), the course's quadratic cost C = 1/2n sum ||t - p||^2 (scale 1 / 2n) and their
/// summed forms. Reverse: dp = 2 scale g (p - t) and dt = -dp; forward: dL = 2 scale sum((p - t)(dp - dt)).
/// </summary>
/// <remarks>
/// The composition it replaces, a difference, a square, a scaling, a sum over the outputs and a mean, is five graph
/// nodes forwards and five backwards, each with its own buffer: on a small network (the course's 784-30-10 at batch
/// 10) they cost as much as a matrix product. The difference p - t is kept for the backward pass; the sum runs in
/// double.
/// </remarks>
internal sealed class SquaredErrorOp(double scale, Tensor difference) : Op
{
    public override string Name => "squared_error";

    /// <summary>scale * sum((prediction - target)^2), a scalar; the shapes and types agree (checked by the caller).</summary>
    public static Tensor Apply(Tensor prediction, Tensor target, double scale)
    {
        var difference = Tensor.Empty((int[])prediction.Dims.Clone(), prediction.DType);
        prediction.Backend.Binary(Kernels.BinaryKind.Subtract, prediction, target, difference);
        var value = Tensor.Scalar(scale * prediction.Backend.SumOfPowers(difference, 2), prediction.DType);
        return Record(new SquaredErrorOp(scale, difference), value, prediction, target);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        var (p, t) = (Inputs[0], Inputs[1]);

        // While recording (a gradient of the gradient), the difference is recomputed from the inputs so that it is
        // part of the new graph.
        var dp = GradMode.IsEnabled ? (p - t) * (gradOutput * (2 * scale)) : difference * (2 * scale * gradOutput.ItemAsDouble());
        return [p.RequiresGrad ? dp : null, t.RequiresGrad ? -dp : null];
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) =>
        (difference * (inputTangents[0] - inputTangents[1])).Sum() * (2 * scale);
}
