using NeuralSharp.Backends;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// Columns [N, C kh kw, OH OW] summed back into images [N, C, H, W], each column added where its window
/// lies (PyTorch's <c>F.fold</c>): the adjoint of <see cref="UnfoldOp"/>, the input gradient of a
/// convolution and the forward pass of a transposed one. Reverse mode unfolds the gradient.
/// </summary>
internal sealed class FoldOp(ConvGeometry geometry) : Op
{
    public override string Name => "fold";

    public static Tensor Apply(Tensor columns, in ConvGeometry g)
    {
        var result = Tensor.Zeros([columns.Dims[0], g.Channels, g.Height, g.Width], columns.DType);
        result.Backend.Col2Im(columns, g, result);
        return Record(new FoldOp(g), result, columns);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [UnfoldOp.Apply(gradOutput, geometry)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => Apply(inputTangents[0], geometry);
}
