namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// One direction of one LSTM layer over a whole sequence, fused (PyTorch's gate order i, f, g, o): from the input
/// projections xg [T, N, 4 hidden] of every step (x W_ih^T + b_ih, one product computed by the caller), the initial
/// state h0, c0 [N, hidden], weight_hh [4 hidden, hidden] and bias_hh [4 hidden] (or none), the states of every step,
/// [2, T, N, hidden]: [0] the h's, [1] the c's. At step t (from T - 1 down to 0 when reversed), with the previous step's
/// state, gates = xg_t + h W_hh^T + b_hh, c' = f c + i g, h' = o tanh(c').
/// Reverse: backpropagation through time, the step's gate gradients dG_t giving dxg_t = dG_t, dh = dG_t W_hh,
/// dc = dc' f; then dW_hh = sum over t of dG_t^T h_prev (one product over all steps) and db_hh = the sum of dG.
/// Forward: the step's tangents through the same equations.
/// </summary>
/// <remarks>The backend runs each pass whole (IBackend.LstmSequenceForward and LstmSequenceBackward: W_hh packed once per pass, the batch split over threads by rows for all the steps). Composed from tensor ops, each step was some twenty recorded ops, and each step's slice of xg sent back a
/// gradient the size of the whole of xg, summed over the steps; here a step is one product and one element-wise pass
/// each way. A backward pass with createGraph (and the forward mode) composes the same equations from recorded ops
/// instead, so that the gradient can be differentiated again; the tests check the two against each other.</remarks>
internal sealed class LstmSequenceOp(Tensor gates, Tensor tanhC, bool reverse) : Op
{
    public override string Name => "lstm";

    /// <summary>Runs the recurrence; returns the states [2, T, N, hidden].</summary>
    public static Tensor Apply(Tensor xg, Tensor h0, Tensor c0, Tensor weightHH, Tensor? biasHH, bool reverse)
    {
        if (weightHH.Rank != 2 || weightHH.Dims[0] != 4 * weightHH.Dims[1])
        {
            throw new ArgumentException($"lstm: weight_hh must be [4 hidden, hidden], got {weightHH.Shape}");
        }

        var hidden = weightHH.Dims[1];
        if (xg.Rank != 3 || xg.Dims[2] != 4 * hidden)
        {
            throw new ArgumentException($"lstm: input projections must be [T, N, {4 * hidden}] for weight_hh {weightHH.Shape}, got {xg.Shape}");
        }

        var (steps, n) = (xg.Dims[0], xg.Dims[1]);
        if (h0.Shape != new Shape(n, hidden) || c0.Shape != new Shape(n, hidden))
        {
            throw new ArgumentException($"lstm: input projections {xg.Shape} need states h0 and c0 of shape [{n}, {hidden}], got {h0.Shape} and {c0.Shape}");
        }

        if (biasHH is not null && biasHH.Shape != new Shape(4 * hidden))
        {
            throw new ArgumentException($"lstm: bias_hh must be [{4 * hidden}] for weight_hh {weightHH.Shape}, got {biasHH.Shape}");
        }

        var dtype = xg.DType;
        if (h0.DType != dtype || c0.DType != dtype || weightHH.DType != dtype || (biasHH is not null && biasHH.DType != dtype))
        {
            throw new ArgumentException($"lstm: the input projections ({dtype}), states ({h0.DType}, {c0.DType}) and weights ({weightHH.DType}) must have one element type");
        }

        var gateValues = Tensor.Empty([steps, n, 4 * hidden], dtype);
        var states = Tensor.Empty([2, steps, n, hidden], dtype);
        var tanhC = Tensor.Empty([steps, n, hidden], dtype);
        states.Backend.LstmSequenceForward(xg, h0, c0, weightHH, biasHH, reverse, gateValues, states, tanhC);

        Tensor[] inputs = biasHH is null ? [xg, h0, c0, weightHH] : [xg, h0, c0, weightHH, biasHH];
        return Record(new LstmSequenceOp(gateValues, tanhC, reverse), states, inputs);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        if (GradMode.IsEnabled)
        {
            return RecordedBackward(gradOutput);
        }

        var (xg, h0, c0, w) = (Inputs[0], Inputs[1], Inputs[2], Inputs[3]);
        var b = Inputs.Length > 4 ? Inputs[4] : null;
        var states = Output;
        var (steps, n, hidden) = (states.Dims[1], states.Dims[2], states.Dims[3]);
        var dGates = Tensor.Empty([steps, n, 4 * hidden], xg.DType);
        var dh = Tensor.Empty([n, hidden], xg.DType);
        var dc = Tensor.Zeros([n, hidden], xg.DType);
        states.Backend.LstmSequenceBackward(gates, states, tanhC, c0, gradOutput, w, reverse, h0.RequiresGrad, dGates, dh, dc);

        return
        [
            xg.RequiresGrad ? dGates : null,
            h0.RequiresGrad ? dh : null,
            c0.RequiresGrad ? dc : null,
            w.RequiresGrad ? RecurrentWeightGradient.Compute(dGates, states.View(states.Offset, [steps, n, hidden], [n * hidden, hidden, 1]), h0.Dense(), reverse) : null,
            .. b is null ? Array.Empty<Tensor?>() : [b.RequiresGrad ? RecurrentWeightGradient.Bias(dGates) : null],
        ];
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents)
    {
        var (h0, c0, w) = (Inputs[1], Inputs[2], Inputs[3]);
        var (dx, dh, dc, dw) = (inputTangents[0], inputTangents[1], inputTangents[2], inputTangents[3]);
        var db = Inputs.Length > 4 ? inputTangents[4] : null;
        var states = Output;
        var steps = states.Dims[1];
        var (hs, cs) = (new Tensor[steps], new Tensor[steps]);
        for (var k = 0; k < steps; k++)
        {
            var t = reverse ? steps - 1 - k : k;
            var prev = reverse ? t + 1 : t - 1;
            var (hPrev, cPrev) = k == 0 ? (h0, c0) : (State(states, 0, prev), State(states, 1, prev));
            var a = Step(gates, t).Chunk(4, 1);
            var pre = Step(dx.Dense(), t) + dh.MatMul(w.T) + hPrev.MatMul(dw.T);
            if (db is not null)
            {
                pre += db;
            }

            var d = pre.Chunk(4, 1);
            var (di, df, dg, dout) = (d[0] * a[0] * (1.0 - a[0]), d[1] * a[1] * (1.0 - a[1]), d[2] * (1.0 - (a[2] * a[2])), d[3] * a[3] * (1.0 - a[3]));
            dc = (df * cPrev) + (a[1] * dc) + (di * a[2]) + (a[0] * dg);
            var tc = Step(tanhC, t);
            dh = (dout * tc) + (a[3] * (1.0 - (tc * tc)) * dc);
            (hs[t], cs[t]) = (dh, dc);
        }

        return Tensor.Stack([Tensor.Stack(hs, 0), Tensor.Stack(cs, 0)], 0);
    }

    /// <summary>The same gradients from recorded operations, the forward pass recomputed from the inputs, for createGraph.</summary>
    private Tensor?[] RecordedBackward(Tensor gradOutput)
    {
        var (xg, h0, c0, w) = (Inputs[0], Inputs[1], Inputs[2], Inputs[3]);
        var b = Inputs.Length > 4 ? Inputs[4] : null;
        var steps = xg.Dims[0];
        var saved = new (Tensor HPrev, Tensor CPrev, Tensor[] Gates, Tensor TanhC)[steps];
        var (h, c) = (h0, c0);
        for (var k = 0; k < steps; k++)
        {
            var t = reverse ? steps - 1 - k : k;
            var pre = xg.Narrow(0, t, 1).Squeeze(0) + Tensor.Linear(h, w, b);
            var ch = pre.Chunk(4, 1);
            Tensor[] a = [ch[0].Sigmoid(), ch[1].Sigmoid(), ch[2].Tanh(), ch[3].Sigmoid()];
            var next = (a[1] * c) + (a[0] * a[2]);
            var tc = next.Tanh();
            saved[t] = (h, c, a, tc);
            (h, c) = (a[3] * tc, next);
        }

        var (gh, gc) = (gradOutput.Narrow(0, 0, 1).Squeeze(0), gradOutput.Narrow(0, 1, 1).Squeeze(0));
        var dGates = new Tensor[steps];
        Tensor? dh = null, dc = null, dw = null;
        for (var k = steps - 1; k >= 0; k--)
        {
            var t = reverse ? steps - 1 - k : k;
            var (hPrev, cPrev, a, tc) = saved[t];
            var dht = gh.Narrow(0, t, 1).Squeeze(0);
            dht = dh is null ? dht : dht + dh;
            var dct = gc.Narrow(0, t, 1).Squeeze(0) + (dht * a[3] * (1.0 - (tc * tc)));
            dct = dc is null ? dct : dct + dc;
            var dg = Tensor.Concat([dct * a[2] * a[0] * (1.0 - a[0]), dct * cPrev * a[1] * (1.0 - a[1]), dct * a[0] * (1.0 - (a[2] * a[2])), dht * tc * a[3] * (1.0 - a[3])], 1);
            dGates[t] = dg;
            dh = dg.MatMul(w);
            dc = dct * a[1];
            var dwt = dg.T.MatMul(hPrev);
            dw = dw is null ? dwt : dw + dwt;
        }

        var stacked = Tensor.Stack(dGates, 0);
        return
        [
            xg.RequiresGrad ? stacked : null,
            h0.RequiresGrad ? dh : null,
            c0.RequiresGrad ? dc : null,
            w.RequiresGrad ? dw : null,
            .. b is null ? Array.Empty<Tensor?>() : [b.RequiresGrad ? stacked.Sum([0, 1]) : null],
        ];
    }

    /// <summary>Step t of a dense [T, N, W] tensor, as a dense [N, W] view.</summary>
    private static Tensor Step(Tensor x, int t) => x.View(x.Offset + (t * x.Strides[0]), [x.Dims[1], x.Dims[2]], [x.Dims[2], 1]);

    /// <summary>h (which 0) or c (which 1) of step t of dense states [2, T, N, hidden], as a dense [N, hidden] view.</summary>
    private static Tensor State(Tensor states, int which, int t) =>
        states.View(states.Offset + (((which * states.Dims[1]) + t) * states.Dims[2] * states.Dims[3]), [states.Dims[2], states.Dims[3]], [states.Dims[3], 1]);
}
