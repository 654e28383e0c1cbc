namespace NeuralSharp.Nn;

/// <summary>
/// The loop over time shared by <see cref="LSTM"/> and <see cref="GRU"/>: layouts ([T, N, F], [N, T, F] or
/// unbatched [T, F]), initial states, stacked layers and directions, and PyTorch's printing. Each layer's
/// input projection is one product over all time steps; the recurrent steps are composed from
/// differentiable tensor ops, so backpropagation through time is autograd's, except where a layer hands
/// over a fused op for a whole direction (the LSTM's, for sequences without padding).
/// </summary>
internal static class Sequences
{
    /// <summary>One recurrent step: the step's input projection [N, gates * hidden] and the states [N, hidden] to the next states.</summary>
    public delegate Tensor[] Step(Tensor inputProjection, Tensor[] state, Tensor weightHH, Tensor? biasHH);

    /// <summary>
    /// A whole direction of a layer at once, fused: the input projections of every step [T, N, gates * hidden] and the
    /// initial states [N, hidden] to the h of every step [T, N, hidden] and the final states.
    /// </summary>
    public delegate (Tensor Outputs, Tensor[] Finals) Sequence(Tensor inputProjections, Tensor[] state, Tensor weightHH, Tensor? biasHH, bool reverse);

    /// <summary>The parameter names of a layer and direction, PyTorch's: weight_ih_l0, ..., bias_hh_l1_reverse.</summary>
    public static string Suffix(int layer, int direction) => direction == 0 ? $"_l{layer}" : $"_l{layer}_reverse";

    /// <summary>Creates every layer's and direction's weights in PyTorch's order, uniform in [-1/sqrt(hidden), 1/sqrt(hidden)].</summary>
    public static void CreateParameters(int gates, int inputSize, int hiddenSize, int numLayers, bool bias, bool bidirectional, Func<string, Shape, Tensor> create, Generator generator)
    {
        var bound = 1 / Math.Sqrt(hiddenSize);
        var directions = bidirectional ? 2 : 1;
        for (var l = 0; l < numLayers; l++)
        {
            for (var d = 0; d < directions; d++)
            {
                var s = Suffix(l, d);
                var width = l == 0 ? inputSize : hiddenSize * directions;
                Init.Uniform(create("weight_ih" + s, [gates * hiddenSize, width]), generator, -bound, bound);
                Init.Uniform(create("weight_hh" + s, [gates * hiddenSize, hiddenSize]), generator, -bound, bound);
                if (bias)
                {
                    Init.Uniform(create("bias_ih" + s, [gates * hiddenSize]), generator, -bound, bound);
                    Init.Uniform(create("bias_hh" + s, [gates * hiddenSize]), generator, -bound, bound);
                }
            }
        }
    }

    /// <summary>Checks the input and returns it time-first, [T, N, F], with whether it was unbatched.</summary>
    public static (Tensor X, bool Unbatched) Input(string layer, Tensor x, int inputSize, bool batchFirst)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank is not (2 or 3) || x.Size(-1) != inputSize)
        {
            var layout = batchFirst ? "[N, T" : "[T, N";
            throw new ArgumentException($"{layer}: expected an input of shape {layout}, {inputSize}] or [T, {inputSize}], got {x.Shape}");
        }

        return x.Rank == 2 ? (x.Unsqueeze(1), true) : (batchFirst ? x.Transpose(0, 1) : x, false);
    }

    /// <summary>Checks an initial state ([layers * directions, N, hidden], or [layers * directions, hidden] unbatched) and returns it batched.</summary>
    public static Tensor State(string layer, string what, Tensor state, Tensor input, int count, int hidden, bool unbatched)
    {
        ArgumentNullException.ThrowIfNull(state);
        var expected = unbatched ? new Shape(count, hidden) : new Shape(count, input.Size(1), hidden);
        if (state.Shape != expected)
        {
            throw new ArgumentException($"{layer}: an input of {input.Size(0)} steps and {input.Size(1)} sequences needs {what} of shape {expected}, got {state.Shape}");
        }

        return unbatched ? state.Unsqueeze(1) : state;
    }

    /// <summary>
    /// Runs the stacked layers over the time-first input; returns the last layer's outputs [T, N, directions * hidden] and each final state [layers * directions, N, hidden].
    /// With <paramref name="lengths"/>, sequence j has only its first lengths[j] steps: at the others its state is carried unchanged
    /// (so the backward direction starts at its last real step) and its output is zero, so the padding contributes nothing to outputs, states or gradients.
    /// Without lengths, <paramref name="fused"/> (when given) runs each direction of each layer in place of the loop of steps,
    /// unless the tensors mix element types, which the composed steps promote.
    /// </summary>
    public static (Tensor Output, Tensor[] Finals) Run(Tensor x, Tensor[] initial, int numLayers, bool bidirectional, Func<string, Tensor?> parameter, Step step, Func<Tensor, Tensor>? betweenLayers, int[]? lengths = null, Sequence? fused = null)
    {
        int steps = x.Size(0), n = x.Size(1);
        var masks = lengths is null ? null
            : Enumerable.Range(0, steps).Select(t => Tensor.FromArray([.. lengths.Select(l => t < l ? 1.0 : 0.0)], n, 1).To(x.DType)).ToArray();
        var directions = bidirectional ? 2 : 1;
        var finals = initial.Select(_ => new List<Tensor>()).ToArray();
        var layerInput = x;
        for (var l = 0; l < numLayers; l++)
        {
            var outputs = new Tensor[directions];
            for (var d = 0; d < directions; d++)
            {
                var s = Suffix(l, d);
                var weightHH = parameter("weight_hh" + s)!;
                var hidden = weightHH.Size(1);

                // The input projections of all time steps as one product.
                var projected = Tensor.Linear(layerInput.Reshape(steps * n, layerInput.Size(2)), parameter("weight_ih" + s)!, parameter("bias_ih" + s));
                var biasHH = parameter("bias_hh" + s);
                var state = initial.Select(t => t.Narrow(0, (l * directions) + d, 1).Reshape(n, hidden)).ToArray();
                if (masks is null && fused is not null && state.All(t => t.DType == projected.DType) && weightHH.DType == projected.DType && (biasHH is null || biasHH.DType == projected.DType))
                {
                    var (ys, last) = fused(projected.Reshape(steps, n, projected.Size(1)), state, weightHH, biasHH, d == 1);
                    outputs[d] = ys;
                    for (var i = 0; i < last.Length; i++)
                    {
                        finals[i].Add(last[i]);
                    }

                    continue;
                }

                var hs = new Tensor[steps];
                for (var k = 0; k < steps; k++)
                {
                    var t = d == 0 ? k : steps - 1 - k;
                    var next = step(projected.Narrow(0, t * n, n), state, weightHH, biasHH);
                    if (masks is null)
                    {
                        state = next;
                        hs[t] = state[0];
                    }
                    else
                    {
                        var mask = masks[t];
                        state = [.. next.Select((v, i) => Tensor.Where(mask, v, state[i]))];
                        hs[t] = state[0] * mask;
                    }
                }

                outputs[d] = Tensor.Stack(hs, 0);
                for (var i = 0; i < state.Length; i++)
                {
                    finals[i].Add(state[i]);
                }
            }

            layerInput = directions == 1 ? outputs[0] : Tensor.Concat(outputs, 2);
            if (betweenLayers is not null && l < numLayers - 1)
            {
                layerInput = betweenLayers(layerInput);
            }
        }

        return (layerInput, finals.Select(f => Tensor.Stack(f, 0)).ToArray());
    }

    /// <summary>Checks the lengths of padded sequences: one per sequence, each in [1, T].</summary>
    public static int[] Lengths(string layer, int[] lengths, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (lengths.Length != x.Size(1) || lengths.Any(l => l < 1 || l > x.Size(0)))
        {
            throw new ArgumentException($"{layer}: an input of {x.Size(0)} steps and {x.Size(1)} sequences needs {x.Size(1)} lengths in [1, {x.Size(0)}], got [{string.Join(", ", lengths)}]");
        }

        return lengths;
    }

    /// <summary>Returns the time-first output in the caller's layout.</summary>
    public static Tensor Output(Tensor y, bool unbatched, bool batchFirst) => unbatched ? y.Squeeze(1) : batchFirst ? y.Transpose(0, 1) : y;

    /// <summary>Returns a batched final state in the caller's layout.</summary>
    public static Tensor FinalState(Tensor h, bool unbatched) => unbatched ? h.Squeeze(1) : h;

    /// <summary>Training-time dropout between layers, as <see cref="Dropout"/> computes it.</summary>
    public static Func<Tensor, Tensor>? DropoutBetweenLayers(bool training, double p, Generator? generator) =>
        !training || p == 0 ? null
        : p == 1 ? x => x * 0.0
        : x => x * (Tensor.Rand(x.Shape, generator: generator ?? Generator.Default, dtype: x.DType).Ge(p) * (1 / (1 - p)));

    /// <summary>PyTorch's <c>RNNBase.extra_repr</c>: the sizes, then only the settings that differ from their defaults.</summary>
    public static string Repr(int inputSize, int hiddenSize, int numLayers, bool bias, bool batchFirst, double dropout, bool bidirectional)
    {
        var s = $"{inputSize}, {hiddenSize}";
        if (numLayers != 1)
        {
            s += $", num_layers={numLayers}";
        }

        if (!bias)
        {
            s += ", bias=False";
        }

        if (batchFirst)
        {
            s += ", batch_first=True";
        }

        if (dropout != 0)
        {
            s += $", dropout={LayerConfig.PythonRepr(dropout)}";
        }

        if (bidirectional)
        {
            s += ", bidirectional=True";
        }

        return s;
    }
}
