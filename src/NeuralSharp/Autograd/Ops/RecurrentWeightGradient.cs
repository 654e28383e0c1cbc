namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// The recurrent weight gradient of a fused sequence op (LSTM, GRU): dW_hh = sum over the steps of dG_t^T h_prev, from the
/// gradients of the recurrent products dG [T, N, width] and the hidden states hs [T, N, hidden] (dense), h0 [N, hidden]
/// preceding the first step (the last when reversed).
/// </summary>
/// <remarks>One product over the steps whose previous h is in hs, plus h0's step. Computed as its transpose,
/// dW_hh^T = H^T dG [hidden, width], then copied across: as dG^T H the GEMM packed the k-major dG [rows, width] by narrow
/// columns, a quarter of the product's time; as H^T dG it reads dG's rows whole. Each element is the same sum in the same
/// order either way.</remarks>
internal static class RecurrentWeightGradient
{
    public static Tensor Compute(Tensor dGates, Tensor hs, Tensor h0, bool reverse)
    {
        var (steps, n, width) = (dGates.Dims[0], dGates.Dims[1], dGates.Dims[2]);
        var hidden = hs.Dims[2];
        var backend = dGates.Backend;
        var transposed = Tensor.Empty([hidden, width], dGates.DType);
        var first = reverse ? steps - 1 : 0;
        var firstGates = dGates.View(dGates.Offset + (first * n * width), [n, width], [width, 1]);
        var h0T = h0.View(h0.Offset, [hidden, n], [1, hidden]);
        if (steps == 1)
        {
            backend.MatMul(h0T, firstGates, transposed);
        }
        else
        {
            // Forwards, steps 1..T-1 follow h_0..h_{T-2}; reversed, steps 0..T-2 follow h_1..h_{T-1}.
            var rows = (steps - 1) * n;
            var gateRows = dGates.Offset + ((reverse ? 0 : 1) * n * width);
            var hRows = hs.Offset + ((reverse ? 1 : 0) * n * hidden);
            backend.MatMul(hs.View(hRows, [hidden, rows], [1, hidden]), dGates.View(gateRows, [rows, width], [width, 1]), transposed);
            var initial = Tensor.Empty([hidden, width], dGates.DType);
            backend.MatMul(h0T, firstGates, initial);
            backend.AddScaled(transposed, initial, 1.0);
        }

        var dw = Tensor.Empty([width, hidden], dGates.DType);
        backend.Copy(transposed.View(transposed.Offset, [width, hidden], [1, width]), dw);
        return dw;
    }

    /// <summary>db_hh = the sum of dG over the steps and the batch.</summary>
    public static Tensor Bias(Tensor dGates)
    {
        var width = dGates.Dims[2];
        var db = Tensor.Empty([1, width], dGates.DType);
        dGates.Backend.Sum(dGates.View(dGates.Offset, [dGates.Count / width, width], [width, 1]), 0, db);
        return db.View(db.Offset, [width], [1]);
    }
}
