namespace NeuralSharp.Autograd.Ops;

/// <summary>Same elements, new shape (a view when the data is contiguous). Both derivatives reshape back.</summary>
internal sealed class ReshapeOp : Op
{
    public override string Name => "reshape";

    public static Tensor Apply(Tensor x, int[] shape)
    {
        var dims = Resolve(x, shape);
        var dense = x.Dense();
        return Record(new ReshapeOp(), dense.View(dense.Offset, dims, Tensor.ContiguousStrides(dims)), x);
    }

    /// <summary>Fills in one -1 dimension and checks that the element count is unchanged.</summary>
    private static int[] Resolve(Tensor x, int[] shape)
    {
        var dims = (int[])shape.Clone();
        var infer = Array.IndexOf(dims, -1);
        if (infer >= 0 && Array.IndexOf(dims, -1, infer + 1) >= 0)
        {
            throw new ArgumentException($"reshape: {x.Shape} to {Shape.Format(shape)}: only one dimension can be -1");
        }

        long known = 1;
        for (var d = 0; d < dims.Length; d++)
        {
            if (d != infer)
            {
                if (dims[d] < 0)
                {
                    throw new ArgumentException($"reshape: {x.Shape} to {Shape.Format(shape)}: negative dimension");
                }

                known *= dims[d];
            }
        }

        if (infer >= 0)
        {
            if (known == 0 || x.Count % known != 0)
            {
                throw new ArgumentException($"reshape: cannot reshape {x.Shape} ({x.Count} elements) to {Shape.Format(shape)}");
            }

            dims[infer] = (int)(x.Count / known);
        }
        else if (known != x.Count)
        {
            throw new ArgumentException($"reshape: cannot reshape {x.Shape} ({x.Count} elements) to {Shape.Format(shape)}");
        }

        return dims;
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [gradOutput.Reshape(Inputs[0].Dims)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0].Reshape(Output.Dims);
}
