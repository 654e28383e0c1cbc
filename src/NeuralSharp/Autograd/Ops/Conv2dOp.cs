using NeuralSharp.Backends;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// A 2-D convolution fused into one kernel: y = W cols(x) + b per image, cols the unfolded windows
/// (<see cref="UnfoldOp"/>). Reverse: dx = fold(W^T dy), dW = sum over images of dy cols^T, db = dy
/// summed over images and positions. Forward: dy = conv(dx, W) + conv(x, dW) + db.
/// </summary>
/// <remarks>The same derivatives as the composition <c>W.MatMul(Unfold(x)) + b</c>, which a
/// backward pass with createGraph records instead so that the gradient can be differentiated again;
/// the tests check the two against each other.</remarks>
internal sealed class Conv2dOp(ConvGeometry geometry, int groups, Tensor? columns) : Op
{
    public override string Name => "conv2d";

    /// <summary>Convolves x [N, C, H, W] (C = geometry.Channels) with weight [O, C / groups, kh, kw] and bias [O] or null.</summary>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, in ConvGeometry g, int groups)
    {
        int n = x.Dims[0], outChannels = weight.Dims[0];
        var y = Tensor.Empty([n, outChannels, g.OutHeight, g.OutWidth], x.DType);

        // The weight gradient needs each image's windows, unless the convolution is pointwise (its windows are the
        // input itself) or small enough for the direct kernels, which read the input in place.
        var keep = GradMode.IsEnabled && weight.RequiresGrad && Kernels.Conv2dKernels.KeepsColumns(g, groups, outChannels);
        var columns = keep ? Tensor.Empty([n * g.PatchSize * g.OutHeight * g.OutWidth], x.DType) : null;
        y.Backend.Conv2dForward(x, weight, bias, g, groups, columns, y);
        var op = new Conv2dOp(g, groups, columns);
        return bias is null ? Record(op, y, x, weight) : Record(op, y, x, weight, bias);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        var (x, w) = (Inputs[0], Inputs[1]);
        var b = Inputs.Length > 2 ? Inputs[2] : null;
        if (GradMode.IsEnabled)
        {
            return RecordedBackward(gradOutput, x, w, b);
        }

        var dx = x.RequiresGrad ? Tensor.Empty(x.Dims, x.DType) : null;
        if (dx is not null)
        {
            dx.Backend.Conv2dBackwardInput(gradOutput, w, geometry, groups, dx);
        }

        Tensor? dw = null, db = null;
        if (w.RequiresGrad || b is { RequiresGrad: true })
        {
            dw = Tensor.Empty(w.Dims, w.DType);
            db = b is null ? null : Tensor.Empty(b.Dims, b.DType);
            dw.Backend.Conv2dBackwardWeight(gradOutput, columns, x, geometry, groups, dw, db);
        }

        return b is null ? [dx, w.RequiresGrad ? dw : null] : [dx, w.RequiresGrad ? dw : null, b.RequiresGrad ? db : null];
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents)
    {
        var (x, w) = (Inputs[0], Inputs[1]);
        return Apply(inputTangents[0], w, null, geometry, groups) + Apply(x, inputTangents[1], Inputs.Length > 2 ? inputTangents[2] : null, geometry, groups);
    }

    /// <summary>The same gradients from recorded operations (unfold, matrix products, fold), for createGraph.</summary>
    private Tensor?[] RecordedBackward(Tensor gradOutput, Tensor x, Tensor w, Tensor? b)
    {
        int n = x.Dims[0], outChannels = w.Dims[0], positions = geometry.OutHeight * geometry.OutWidth;
        int patch = geometry.PatchSize / groups, groupOut = outChannels / groups;
        var dy = gradOutput.Reshape(n, groups, groupOut, positions);
        var kernels = w.Reshape(groups, groupOut, patch);
        Tensor? dx = null, dw = null;
        if (x.RequiresGrad)
        {
            var dcols = kernels.Transpose(-1, -2).MatMul(dy).Reshape(n, geometry.PatchSize, positions);
            dx = FoldOp.Apply(dcols, geometry);
        }

        if (w.RequiresGrad)
        {
            var cols = UnfoldOp.Apply(x, geometry).Reshape(n, groups, patch, positions);
            dw = dy.MatMul(cols.Transpose(-1, -2)).Sum(0).Reshape(w.Dims);
        }

        return b is null ? [dx, dw] : [dx, dw, b.RequiresGrad ? gradOutput.Sum([0, 2, 3]) : null];
    }
}
