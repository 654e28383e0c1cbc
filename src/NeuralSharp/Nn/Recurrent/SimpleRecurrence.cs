namespace NeuralSharp.Nn;

/// <summary>What <see cref="ElmanRNN"/> and <see cref="JordanRNN"/> share: their parameters, state checks and input projection.</summary>
internal static class SimpleRecurrence
{
    /// <summary>Creates U [hidden, input], W [hidden, fedBack], b [hidden], V [output, hidden], c [output], uniform in [-1/sqrt(hidden), 1/sqrt(hidden)].</summary>
    public static void CreateParameters(int input, int hidden, int fedBack, int output, Func<string, Shape, Tensor> create, Generator g)
    {
        var bound = 1 / Math.Sqrt(hidden);
        Init.Uniform(create("U", [hidden, input]), g, -bound, bound);
        Init.Uniform(create("W", [hidden, fedBack]), g, -bound, bound);
        Init.Uniform(create("b", [hidden]), g, -bound, bound);
        Init.Uniform(create("V", [output, hidden]), g, -bound, bound);
        Init.Uniform(create("c", [output]), g, -bound, bound);
    }

    /// <summary>Checks a batched input and returns it time-first, [T, N, input].</summary>
    public static Tensor Input(string layer, Tensor input, int inputSize, bool batchFirst)
    {
        var (x, unbatched) = Sequences.Input(layer, input, inputSize, batchFirst);
        if (unbatched)
        {
            throw new ArgumentException($"{layer}: expected an input of shape {(batchFirst ? "[N, T" : "[T, N")}, {inputSize}], got {input.Shape}");
        }

        return x;
    }

    /// <summary>Checks a given state [N, width] against the time-first input, or makes a zero one.</summary>
    public static Tensor State(string layer, string what, Tensor? state, Tensor x, int width)
    {
        if (state is null)
        {
            return Tensor.Zeros([x.Size(1), width], x.DType);
        }

        if (state.Shape != new Shape(x.Size(1), width))
        {
            throw new ArgumentException($"{layer}: an input of {x.Size(1)} sequences needs {what} of shape [{x.Size(1)}, {width}], got {state.Shape}");
        }

        return state;
    }

    /// <summary>b + U x(t) for every step t of the time-first input [T, N, input], as one product; one [N, hidden] tensor per step.</summary>
    public static Tensor[] Project(Tensor x, Tensor u, Tensor b)
    {
        int steps = x.Size(0), n = x.Size(1);
        var all = Tensor.Linear(x.Reshape(steps * n, x.Size(2)), u, b);
        return [.. Enumerable.Range(0, steps).Select(t => all.Narrow(0, t * n, n))];
    }
}
