namespace NeuralSharp.Autograd.Ops;

/// <summary>Converts between float and double. Derivatives are converted back.</summary>
internal sealed class CastOp : Op
{
    public override string Name => "cast";

    public static Tensor Apply(Tensor x, DType dtype)
    {
        var result = Tensor.Empty((int[])x.Dims.Clone(), dtype);
        x.Backend.Copy(x, result);
        return Record(new CastOp(), result, x);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [gradOutput.To(Inputs[0].DType)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0].To(Output.DType);
}
