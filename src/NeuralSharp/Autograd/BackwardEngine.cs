using System.Runtime.InteropServices;

namespace NeuralSharp.Autograd;

/// <summary>Reverse-mode automatic differentiation: runs the chain rule from outputs back to every leaf.</summary>
/// <remarks>
/// <para>With <c>createGraph</c> the gradient computations run with recording on, so the gradients are
/// themselves part of a graph and can be differentiated again (Hessian-vector products, gradient
/// penalties). Without it they run under <see cref="GradMode.NoGrad"/>, and the ops take their fused,
/// unrecorded kernels.</para>
/// <para>The work lists of a pass (topological order, visited set, stack, gradients in flight) are kept
/// per thread and reused by the next pass. A pass takes them out of the thread's slot while it runs, so a
/// backward started inside another on the same thread simply gets fresh lists.</para>
/// </remarks>
internal static class BackwardEngine
{
    [ThreadStatic]
    private static Workspace? t_workspace;

    [ThreadStatic]
    private static int t_workspacesCreated;

    /// <summary>How many work-list sets this thread has allocated (for the test that they are reused).</summary>
    internal static int WorkspacesCreated => t_workspacesCreated;

    /// <summary>Accumulates d(root)/d(leaf), weighted by <paramref name="gradient"/>, into every leaf's <see cref="Tensor.Grad"/>.</summary>
    public static void Run(Tensor root, Tensor gradient, bool retainGraph, bool createGraph = false)
    {
        Check(root, gradient, "backward");
        Execute([root], [gradient], retainGraph || createGraph, createGraph, captures: null);
    }

    /// <summary>
    /// The gradients of the outputs (weighted by <paramref name="gradOutputs"/>) with respect to each of
    /// <paramref name="inputs"/>, leaves or not, leaving every leaf's <see cref="Tensor.Grad"/> untouched.
    /// An input the outputs do not depend on gets null.
    /// </summary>
    public static Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> gradOutputs, IReadOnlyList<Tensor> inputs, bool retainGraph, bool createGraph)
    {
        var captures = new Dictionary<Tensor, Tensor?>(ReferenceEqualityComparer.Instance);
        foreach (var input in inputs)
        {
            if (!input.RequiresGrad)
            {
                throw new ArgumentException($"grad: input of shape {input.Shape} does not require gradients");
            }

            captures[input] = null;
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            Check(outputs[i], gradOutputs[i], "grad");
        }

        Execute(outputs, gradOutputs, retainGraph || createGraph, createGraph, captures);
        var result = new Tensor?[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            result[i] = captures[inputs[i]];
        }

        return result;
    }

    private static void Check(Tensor root, Tensor gradient, string name)
    {
        if (!root.RequiresGrad)
        {
            throw new InvalidOperationException($"{name}: the tensor does not require gradients (no input had RequiresGrad = true, or it was computed under NoGrad)");
        }

        if (gradient.Shape != root.Shape)
        {
            throw new ArgumentException($"{name}: gradient of shape {gradient.Shape} does not match the output's shape {root.Shape}");
        }
    }

    /// <summary>
    /// One backward pass from <paramref name="roots"/>. With <paramref name="captures"/> the gradients
    /// reaching those tensors are collected there and no leaf's Grad is touched; otherwise they are
    /// accumulated into the leaves.
    /// </summary>
    private static void Execute(IReadOnlyList<Tensor> roots, IReadOnlyList<Tensor> gradients, bool retainGraph, bool createGraph, Dictionary<Tensor, Tensor?>? captures)
    {
        var work = Rent();
        try
        {
            using (createGraph ? GradMode.EnableGrad() : GradMode.NoGrad())
            {
                for (var i = 0; i < roots.Count; i++)
                {
                    var root = roots[i];
                    Deliver(work, root, gradients[i].To(root.DType), createGraph, captures);
                    if (root.Creator is { } creator && work.Visited.Add(creator))
                    {
                        TopologicalOrder(work, creator);
                    }
                }

                if (captures is not null)
                {
                    MarkNeeded(work, captures);
                }

                // Reverse topological order: an op runs only after every op that consumed its output has
                // sent its share back, so its gradient holds the sum over all paths.
                var order = work.Order;
                for (var i = order.Count - 1; i >= 0; i--)
                {
                    var op = order[i];
                    if (work.Grads.Remove(op, out var g) && (captures is null || work.Needed.Contains(op)))
                    {
                        var inputs = op.Inputs;
                        var grads = op.Backward(g);
                        for (var k = 0; k < inputs.Length; k++)
                        {
                            var input = inputs[k];
                            if (grads[k] is { } gk && input.RequiresGrad)
                            {
                                Deliver(work, input, SumToShape(gk, input.Dims).To(input.DType), createGraph, captures);
                            }
                        }
                    }

                    if (!retainGraph)
                    {
                        op.Release();
                    }
                }
            }
        }
        finally
        {
            Return(work);
        }
    }

    /// <summary>Sends a gradient to a tensor: captured if asked for, passed on to its creator, or accumulated into a leaf.</summary>
    private static void Deliver(Workspace work, Tensor target, Tensor g, bool createGraph, Dictionary<Tensor, Tensor?>? captures)
    {
        if (captures is not null && captures.TryGetValue(target, out var sofar))
        {
            captures[target] = sofar is null ? g : sofar + g;
        }

        if (target.Creator is { } creator)
        {
            ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(work.Grads, creator, out var exists);
            sum = exists ? sum! + g : g;
        }
        else if (captures is null)
        {
            AccumulateLeaf(target, g, createGraph);
        }
    }

    /// <summary>
    /// Adds into the leaf's gradient in place, so a parameter's gradient buffer is allocated once; a
    /// gradient that is part of a graph (createGraph) is never modified, but replaced by a new sum.
    /// </summary>
    private static void AccumulateLeaf(Tensor leaf, Tensor g, bool createGraph)
    {
        if (createGraph && g.RequiresGrad)
        {
            leaf.Grad = leaf.Grad is null ? g : leaf.Grad + g;
        }
        else if (leaf.Grad is null)
        {
            // A gradient buffer outlives the step: never take it from a step's arena.
            using (TensorArena.Suspend())
            {
                leaf.Grad = g.Clone();
            }
        }
        else if (leaf.Grad.Creator is not null)
        {
            // Writing into it would change the values saved by the graph it belongs to.
            leaf.Grad = leaf.Grad + g;
        }
        else
        {
            using (GradMode.NoGrad())
            {
                leaf.Grad.AddInPlace(g);
            }
        }
    }

    /// <summary>Appends to the order the ops reachable from <paramref name="start"/>, each after all ops it depends on (iterative: deep graphs cannot overflow the stack).</summary>
    private static void TopologicalOrder(Workspace work, Op start)
    {
        var (order, visited, stack) = (work.Order, work.Visited, work.Stack);
        stack.Push((start, 0));
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
    }

    /// <summary>Marks the ops through which a gradient can reach a captured tensor: only those need to run.</summary>
    private static void MarkNeeded(Workspace work, Dictionary<Tensor, Tensor?> captures)
    {
        // The order lists every op after the creators of its inputs, so one sweep settles each op.
        foreach (var op in work.Order)
        {
            foreach (var input in op.Inputs)
            {
                if (input.RequiresGrad && (captures.ContainsKey(input) || (input.Creator is { } c && work.Needed.Contains(c))))
                {
                    work.Needed.Add(op);
                    break;
                }
            }
        }
    }

    private static Workspace Rent()
    {
        var work = t_workspace;
        if (work is null)
        {
            t_workspacesCreated++;
            return new Workspace();
        }

        t_workspace = null;
        return work;
    }

    private static void Return(Workspace work)
    {
        work.Clear();
        t_workspace = work;
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

    /// <summary>The lists one backward pass works in, kept between passes so that a training step allocates none.</summary>
    private sealed class Workspace
    {
        public List<Op> Order { get; } = [];

        public HashSet<Op> Visited { get; } = new(ReferenceEqualityComparer.Instance);

        public Stack<(Op Op, int NextInput)> Stack { get; } = new();

        /// <summary>Gradient arriving at each op's output, summed over the paths seen so far.</summary>
        public Dictionary<Op, Tensor> Grads { get; } = new(ReferenceEqualityComparer.Instance);

        public HashSet<Op> Needed { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>Empties the lists (dropping every reference to the graph) but keeps their capacity.</summary>
        public void Clear()
        {
            Order.Clear();
            Visited.Clear();
            Stack.Clear();
            Grads.Clear();
            Needed.Clear();
        }
    }
}
