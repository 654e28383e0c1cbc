namespace NeuralSharp.Autograd;

/// <summary>Reverse-mode automatic differentiation: runs the chain rule from an output back to every leaf.</summary>
internal static class BackwardEngine
{
    /// <summary>Accumulates d(root)/d(leaf), weighted by <paramref name="gradient"/>, into every leaf's <see cref="Tensor.Grad"/>.</summary>
    public static void Run(Tensor root, Tensor gradient, bool retainGraph)
    {
        if (!root.RequiresGrad)
        {
            throw new InvalidOperationException("backward: the tensor does not require gradients (no input had RequiresGrad = true, or it was computed under NoGrad)");
        }

        if (gradient.Shape != root.Shape)
        {
            throw new ArgumentException($"backward: gradient of shape {gradient.Shape} does not match the output's shape {root.Shape}");
        }

        gradient = gradient.To(root.DType);
        if (root.Creator is null)
        {
            AccumulateLeaf(root, gradient);
            return;
        }

        var order = TopologicalOrder(root.Creator);
        root.Creator.OutputGrad = gradient;
        using (GradMode.NoGrad())
        {
            // Reverse topological order: an op runs only after every op that consumed its output has
            // sent its share back, so OutputGrad holds the sum over all paths.
            for (var i = order.Count - 1; i >= 0; i--)
            {
                var op = order[i];
                var g = op.OutputGrad;
                op.OutputGrad = null;
                if (g is null)
                {
                    continue;
                }

                var inputs = op.Inputs;
                var grads = op.Backward(g);
                for (var k = 0; k < inputs.Length; k++)
                {
                    var input = inputs[k];
                    if (grads[k] is not { } gk || !input.RequiresGrad)
                    {
                        continue;
                    }

                    gk = SumToShape(gk, input.Dims).To(input.DType);
                    if (input.Creator is { } creator)
                    {
                        creator.OutputGrad = creator.OutputGrad is null ? gk : creator.OutputGrad + gk;
                    }
                    else
                    {
                        AccumulateLeaf(input, gk);
                    }
                }

                if (!retainGraph)
                {
                    op.Release();
                }
            }
        }
    }

    /// <summary>Adds into the leaf's gradient in place, so a parameter's gradient buffer is allocated once.</summary>
    private static void AccumulateLeaf(Tensor leaf, Tensor g)
    {
        if (leaf.Grad is null)
        {
            // A gradient buffer outlives the step: never take it from a step's arena.
            using (TensorArena.Suspend())
            {
                leaf.Grad = g.Clone();
            }
        }
        else
        {
            leaf.Grad.AddInPlace(g);
        }
    }

    /// <summary>Ops reachable from <paramref name="start"/>, each after all ops it depends on (iterative: deep graphs cannot overflow the stack).</summary>
    private static List<Op> TopologicalOrder(Op start)
    {
        var order = new List<Op>();
        var visited = new HashSet<Op>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Op Op, int NextInput)>();
        stack.Push((start, 0));
        visited.Add(start);
        while (stack.Count > 0)
        {
            var (op, next) = stack.Pop();
            var inputs = op.Inputs;
            if (next < inputs.Length)
            {
                stack.Push((op, next + 1));
                if (inputs[next].Creator is { } child && visited.Add(child))
                {
                    stack.Push((child, 0));
                }
            }
            else
            {
                order.Add(op);
            }
        }

        return order;
    }

    /// <summary>
    /// Sums a gradient over the dimensions along which its input was broadcast, giving it the input's
    /// shape: the one place broadcasting is undone.
    /// </summary>
    internal static Tensor SumToShape(Tensor g, int[] shape)
    {
        if (g.Dims.AsSpan().SequenceEqual(shape))
        {
            return g;
        }

        var lead = g.Rank - shape.Length;
        var axes = new List<int>();
        for (var d = 0; d < g.Rank; d++)
        {
            if (d < lead || (shape[d - lead] == 1 && g.Dims[d] != 1))
            {
                axes.Add(d);
            }
        }

        var summed = axes.Count == 0 ? g : g.Sum(axes.ToArray(), keepDim: true);
        return summed.Reshape(shape);
    }
}
