namespace NeuralSharp.Autograd.Ops;

/// <summary>Clips values to [min, max]. The gradient passes where the value was inside the range (boundaries included, as in PyTorch).</summary>
internal sealed class ClampOp(double min, double max) : Op
{
    public override string Name => "clamp";

    public static Tensor Apply(Tensor x, double min, double max)
    {
        if (min > max)
        {
            throw new ArgumentException($"clamp: min {min} is greater than max {max}");
        }

        var result = Tensor.EmptyLike(x);
        x.Backend.Clamp(x, min, max, result);
        return Record(new ClampOp(min, max), result, x);
    }

    private Tensor Inside() => Inputs[0].Ge(min) * Inputs[0].Le(max);

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [gradOutput * Inside()];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0] * Inside();
}
