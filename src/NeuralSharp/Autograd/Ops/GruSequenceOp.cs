namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// One direction of one GRU layer over a whole sequence, fused (PyTorch's gate order r, z, n): from the input projections
/// xg [T, N, 3 hidden] of every step (x W_ih^T + b_ih, one product computed by the caller), the initial state h0
/// [N, hidden], weight_hh [3 hidden, hidden] and bias_hh [3 hidden] (or none), the states h of every step [T, N, hidden].
/// At step t (from T - 1 down to 0 when reversed), with the previous h and hg = h W_hh^T + b_hh: r = sigmoid(xg_r + hg_r),
/// z = sigmoid(xg_z + hg_z), n = tanh(xg_n + r hg_n), h' = (1 - z) n + z h.
/// Reverse: backpropagation through time, the step's gradients of xg and of hg (they differ in the n part, r dn') giving
/// dh = z dh' + dhg W_hh; then dW_hh = sum over t of dhg_t^T h_prev (one product over all steps) and db_hh = the sum of dhg.
/// Forward: the step's tangents through the same equations.
/// </summary>
/// <remarks>As <see cref="LstmSequenceOp"/>: composed from tensor ops a step was some fifteen recorded ops, and each step's
/// slice of xg sent back a gradient the size of the whole of xg; here a step is one product and one element-wise pass each
/// way, each pass one backend call (W_hh packed once per pass, the batch split over threads by rows for all the steps). A backward pass with createGraph (and the forward mode) composes the same equations
/// from recorded ops instead, so that the gradient can be differentiated again; the tests check the two against each
/// other.</remarks>
internal sealed class GruSequenceOp(Tensor gates, Tensor candidates, bool reverse) : Op
{
    public override string Name => "gru";

    /// <summary>Runs the recurrence; returns the states [T, N, hidden].</summary>
    public static Tensor Apply(Tensor xg, Tensor h0, Tensor weightHH, Tensor? biasHH, bool reverse)
    {
        if (weightHH.Rank != 2 || weightHH.Dims[0] != 3 * weightHH.Dims[1])
        {
            throw new ArgumentException($"gru: weight_hh must be [3 hidden, hidden], got {weightHH.Shape}");
        }

        var hidden = weightHH.Dims[1];
        if (xg.Rank != 3 || xg.Dims[2] != 3 * hidden)
        {
            throw new ArgumentException($"gru: input projections must be [T, N, {3 * hidden}] for weight_hh {weightHH.Shape}, got {xg.Shape}");
        }

        var (steps, n) = (xg.Dims[0], xg.Dims[1]);
        if (h0.Shape != new Shape(n, hidden))
        {
            throw new ArgumentException($"gru: input projections {xg.Shape} need a state h0 of shape [{n}, {hidden}], got {h0.Shape}");
        }

        if (biasHH is not null && biasHH.Shape != new Shape(3 * hidden))
        {
            throw new ArgumentException($"gru: bias_hh must be [{3 * hidden}] for weight_hh {weightHH.Shape}, got {biasHH.Shape}");
        }

        var dtype = xg.DType;
        if (h0.DType != dtype || weightHH.DType != dtype || (biasHH is not null && biasHH.DType != dtype))
        {
            throw new ArgumentException($"gru: the input projections ({dtype}), state ({h0.DType}) and weights ({weightHH.DType}) must have one element type");
        }

        var gateValues = Tensor.Empty([steps, n, 3 * hidden], dtype);
        var candidates = Tensor.Empty([steps, n, hidden], dtype);
        var states = Tensor.Empty([steps, n, hidden], dtype);
        states.Backend.GruSequenceForward(xg, h0, weightHH, biasHH, reverse, gateValues, candidates, states);

        Tensor[] inputs = biasHH is null ? [xg, h0, weightHH] : [xg, h0, weightHH, biasHH];
        return Record(new GruSequenceOp(gateValues, candidates, reverse), states, inputs);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        if (GradMode.IsEnabled)
        {
            return RecordedBackward(gradOutput);
        }

        var (xg, h0, w) = (Inputs[0], Inputs[1], Inputs[2]);
        var b = Inputs.Length > 3 ? Inputs[3] : null;
        var states = Output;
        var (steps, n, hidden) = (states.Dims[0], states.Dims[1], states.Dims[2]);
        var backend = states.Backend;
        var h0d = h0.Dense();
        var dInputs = Tensor.Empty([steps, n, 3 * hidden], xg.DType);
        var dProducts = Tensor.Empty([steps, n, 3 * hidden], xg.DType);

        // The gradient reaching the previous h comes in two parts, z dh' and dhg W_hh, added by the next step's kernel.
        var product = Tensor.Empty([n, hidden], xg.DType);
        var direct = Tensor.Empty([n, hidden], xg.DType);
        backend.GruSequenceBackward(gates, candidates, states, h0, gradOutput, w, reverse, h0.RequiresGrad, dInputs, dProducts, product, direct);
        if (h0.RequiresGrad)
        {
            backend.AddScaled(product, direct, 1.0);
        }

        return
        [
            xg.RequiresGrad ? dInputs : null,
            h0.RequiresGrad ? product : null,
            w.RequiresGrad ? RecurrentWeightGradient.Compute(dProducts, states, h0d, reverse) : null,
            .. b is null ? Array.Empty<Tensor?>() : [b.RequiresGrad ? RecurrentWeightGradient.Bias(dProducts) : null],
        ];
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents)
    {
        var (h0, w) = (Inputs[1], Inputs[2]);
        var (dx, dh, dw) = (inputTangents[0], inputTangents[1], inputTangents[2]);
        var db = Inputs.Length > 3 ? inputTangents[3] : null;
        var states = Output;
        var steps = states.Dims[0];
        var hs = new Tensor[steps];
        for (var k = 0; k < steps; k++)
        {
            var t = reverse ? steps - 1 - k : k;
            var prev = reverse ? t + 1 : t - 1;
            var hPrev = k == 0 ? h0 : Step(states, prev);
            var a = Step(gates, t).Chunk(3, 1);
            var (r, z, hn) = (a[0], a[1], a[2]);
            var nt = Step(candidates, t);
            var dhg = dh.MatMul(w.T) + hPrev.MatMul(dw.T);
            if (db is not null)
            {
                dhg += db;
            }

            var gh = dhg.Chunk(3, 1);
            var gx = Step(dx.Dense(), t).Chunk(3, 1);
            var dr = (gx[0] + gh[0]) * r * (1.0 - r);
            var dz = (gx[1] + gh[1]) * z * (1.0 - z);
            var dn = (gx[2] + (dr * hn) + (r * gh[2])) * (1.0 - (nt * nt));
            dh = (dz * (hPrev - nt)) + ((1.0 - z) * dn) + (z * dh);
            hs[t] = dh;
        }

        return Tensor.Stack(hs, 0);
    }

    /// <summary>The same gradients from recorded operations, the forward pass recomputed from the inputs, for createGraph.</summary>
    private Tensor?[] RecordedBackward(Tensor gradOutput)
    {
        var (xg, h0, w) = (Inputs[0], Inputs[1], Inputs[2]);
        var b = Inputs.Length > 3 ? Inputs[3] : null;
        var steps = xg.Dims[0];
        var saved = new (Tensor HPrev, Tensor R, Tensor Z, Tensor N, Tensor Hn)[steps];
        var h = h0;
        for (var k = 0; k < steps; k++)
        {
            var t = reverse ? steps - 1 - k : k;
            var gx = xg.Narrow(0, t, 1).Squeeze(0).Chunk(3, 1);
            var gh = Tensor.Linear(h, w, b).Chunk(3, 1);
            var r = (gx[0] + gh[0]).Sigmoid();
            var z = (gx[1] + gh[1]).Sigmoid();
            var nt = (gx[2] + (r * gh[2])).Tanh();
            saved[t] = (h, r, z, nt, gh[2]);
            h = ((1.0 - z) * nt) + (z * h);
        }

        var dInputs = new Tensor[steps];
        var dProducts = new Tensor[steps];
        Tensor? dh = null, dw = null;
        for (var k = steps - 1; k >= 0; k--)
        {
            var t = reverse ? steps - 1 - k : k;
            var (hPrev, r, z, nt, hn) = saved[t];
            var dht = gradOutput.Narrow(0, t, 1).Squeeze(0);
            dht = dh is null ? dht : dht + dh;
            var dn = dht * (1.0 - z) * (1.0 - (nt * nt));
            var dz = dht * (hPrev - nt) * z * (1.0 - z);
            var dr = dn * hn * r * (1.0 - r);
            dInputs[t] = Tensor.Concat([dr, dz, dn], 1);
            var dhg = Tensor.Concat([dr, dz, dn * r], 1);
            dProducts[t] = dhg;
            dh = (dht * z) + dhg.MatMul(w);
            var dwt = dhg.T.MatMul(hPrev);
            dw = dw is null ? dwt : dw + dwt;
        }

        return
        [
            xg.RequiresGrad ? Tensor.Stack(dInputs, 0) : null,
            h0.RequiresGrad ? dh : null,
            w.RequiresGrad ? dw : null,
            .. b is null ? Array.Empty<Tensor?>() : [b.RequiresGrad ? Tensor.Stack(dProducts, 0).Sum([0, 1]) : null],
        ];
    }

    /// <summary>Step t of a dense [T, N, W] tensor, as a dense [N, W] view.</summary>
    private static Tensor Step(Tensor x, int t) => x.View(x.Offset + (t * x.Strides[0]), [x.Dims[1], x.Dims[2]], [x.Dims[2], 1]);
}
