using TP = System.Numerics.Tensors.TensorPrimitives;

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

        var result = Kernels.Elementwise.Dense(x).Clone();
        if (result.DType == DType.Float32)
        {
            var s = result.Span<float>();
            TP.Max(s, (float)min, s);
            TP.Min(s, (float)max, s);
        }
        else
        {
            var s = result.Span<double>();
            TP.Max(s, min, s);
            TP.Min(s, max, s);
        }

        return Record(new ClampOp(min, max), result, x);
    }

    private Tensor Inside() => Inputs[0].Ge(min) * Inputs[0].Le(max);

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [gradOutput * Inside()];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0] * Inside();
}
