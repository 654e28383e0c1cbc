namespace NeuralSharp.Nn;

/// <summary>
/// The element-wise step of the gated cells, shared by <see cref="LSTMCell"/>, <see cref="GRUCell"/>,
/// <see cref="LSTM"/> and <see cref="GRU"/>, composed from differentiable tensor ops (so that
/// backpropagation through time comes from autograd). The input projection x W_ih^T + b_ih is passed in,
/// so that a sequence layer can compute it for all time steps as one product.
/// </summary>
internal static class Gates
{
    /// <summary>Checks a cell's input [N, input] (or [input]) and returns it as [N, input].</summary>
    public static Tensor CellInput(string layer, Tensor x, int inputSize)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank is not (1 or 2) || x.Size(-1) != inputSize)
        {
            throw new ArgumentException($"{layer}: expected an input of shape [N, {inputSize}] or [{inputSize}], got {x.Shape}");
        }

        return x.Rank == 1 ? x.Unsqueeze(0) : x;
    }

    /// <summary>Checks a cell's state against its (batched) input and returns it as [N, hidden].</summary>
    public static Tensor CellState(string layer, string what, Tensor input, bool unbatched, Tensor state, int hidden)
    {
        var expected = unbatched ? new Shape(hidden) : new Shape(input.Size(0), hidden);
        if (state.Shape != expected)
        {
            throw new ArgumentException($"{layer}: input {(unbatched ? input.Squeeze(0).Shape : input.Shape)} needs {what} of shape {expected}, got {state.Shape}");
        }

        return unbatched ? state.Unsqueeze(0) : state;
    }

    /// <summary>
    /// One LSTM step (PyTorch's gate order i, f, g, o): gates = xg + h W_hh^T + b_hh;
    /// c' = f * c + i * g; h' = o * tanh(c').
    /// </summary>
    public static (Tensor H, Tensor C) Lstm(Tensor xg, Tensor h, Tensor c, Tensor weightHH, Tensor? biasHH)
    {
        var gates = xg + Tensor.Linear(h, weightHH, biasHH);
        var chunks = gates.Chunk(4, 1);
        var i = chunks[0].Sigmoid();
        var f = chunks[1].Sigmoid();
        var g = chunks[2].Tanh();
        var o = chunks[3].Sigmoid();
        var next = (f * c) + (i * g);
        return (o * next.Tanh(), next);
    }

    /// <summary>
    /// One GRU step (PyTorch's gate order r, z, n): r = sigmoid(xg_r + h W_hr^T + b_hr),
    /// z = sigmoid(xg_z + h W_hz^T + b_hz), n = tanh(xg_n + r * (h W_hn^T + b_hn)), h' = (1 - z) * n + z * h.
    /// </summary>
    public static Tensor Gru(Tensor xg, Tensor h, Tensor weightHH, Tensor? biasHH)
    {
        var gx = xg.Chunk(3, 1);
        var gh = Tensor.Linear(h, weightHH, biasHH).Chunk(3, 1);
        var r = (gx[0] + gh[0]).Sigmoid();
        var z = (gx[1] + gh[1]).Sigmoid();
        var n = (gx[2] + (r * gh[2])).Tanh();
        return ((1.0 - z) * n) + (z * h);
    }
}
