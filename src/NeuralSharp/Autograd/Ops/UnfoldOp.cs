using NeuralSharp.Backends;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// Every convolution window of images [N, C, H, W] laid out as a column: [N, C kh kw, OH OW] (PyTorch's
/// <c>F.unfold</c>). A convolution is then one matrix product with the kernel matrix. Unfolding is
/// linear, so reverse mode applies its adjoint, <see cref="FoldOp"/> (each window's gradient added back
/// where the window came from), and forward mode unfolds the tangent.
/// </summary>
internal sealed class UnfoldOp(ConvGeometry geometry) : Op
{
    public override string Name => "unfold";

    public static Tensor Apply(Tensor x, in ConvGeometry g)
    {
        var result = Tensor.Empty([x.Dims[0], g.PatchSize, g.OutHeight * g.OutWidth], x.DType);
        x.Backend.Im2Col(x, g, result);
        return Record(new UnfoldOp(g), result, x);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [FoldOp.Apply(gradOutput, geometry)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => Apply(inputTangents[0], geometry);
}
