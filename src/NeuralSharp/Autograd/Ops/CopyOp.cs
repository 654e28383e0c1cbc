namespace NeuralSharp.Autograd.Ops;

/// <summary>A dense copy (of a strided view). The identity for derivatives.</summary>
internal sealed class CopyOp : Op
{
    public override string Name => "contiguous";

    public static Tensor Apply(Tensor x) => Record(new CopyOp(), x.IsContiguous ? x.Clone() : x.Dense(), x);

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [gradOutput];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0].Contiguous();
}
