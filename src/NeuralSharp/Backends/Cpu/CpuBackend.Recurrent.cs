using System.Numerics;
using NeuralSharp.Kernels;

namespace NeuralSharp.Backends.Cpu;

// The fused LSTM and GRU step kernels, dispatched on the element type once.
internal sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void LstmSequenceForward(Tensor xg, Tensor h0, Tensor c0, Tensor weightHH, Tensor? biasHH, bool reverse, Tensor gates, Tensor states, Tensor tanhC)
    {
        var (steps, batch, hidden) = (xg.Dims[0], xg.Dims[1], weightHH.Dims[1]);
        var w = weightHH.Dense();
        var packed = PrepareRightOperand(w, transpose: true);
        if (packed is not null)
        {
            LstmSequenceKernel.Forward(steps, batch, hidden, reverse, Rows<float>(xg.Dense()), Rows<float>(h0.Dense()), Rows<float>(c0.Dense()), Rows<float>(w), biasHH is null ? null : Rows<float>(biasHH.Dense()), Rows<float>(packed), Rows<float>(gates), Rows<float>(states), Rows<float>(tanhC));
            return;
        }

        // float64 (gradient checks): step by step, each step's product and gate pass splitting themselves.
        var x = xg.Dense();
        for (var k = 0; k < steps; k++)
        {
            var t = reverse ? steps - 1 - k : k;
            var prev = reverse ? t + 1 : t - 1;
            var g = Step(gates, t);
            LinearForward(k == 0 ? h0.Dense() : State(states, 0, prev), w, null, g);
            var (cPrev, h, c, tc) = (k == 0 ? c0.Dense() : State(states, 1, prev), State(states, 0, t), State(states, 1, t), Step(tanhC, t));
            LstmKernels.Forward(batch, hidden, Rows<double>(g), Rows<double>(Step(x, t)), biasHH is null ? null : Rows<double>(biasHH.Dense()), Rows<double>(cPrev), Rows<double>(h), Rows<double>(c), Rows<double>(tc));
        }
    }

    /// <inheritdoc/>
    public void LstmSequenceBackward(Tensor gates, Tensor states, Tensor tanhC, Tensor c0, Tensor grad, Tensor weightHH, bool reverse, bool needDh0, Tensor dGates, Tensor dh, Tensor dc)
    {
        var (steps, batch, hidden) = (tanhC.Dims[0], tanhC.Dims[1], tanhC.Dims[2]);
        var w = weightHH.Dense();
        var g = grad.Dense();
        var productNeeded = steps > 1 || needDh0;
        if (w.DType == DType.Float32)
        {
            var packed = productNeeded ? PrepareRightOperand(w, transpose: false)! : Tensor.Empty([1], DType.Float32);
            LstmSequenceKernel.Backward(steps, batch, hidden, reverse, Rows<float>(gates), Rows<float>(states), Rows<float>(tanhC), Rows<float>(c0.Dense()), Rows<float>(g), Rows<float>(w), Rows<float>(packed), needDh0, Rows<float>(dGates), Rows<float>(dh), Rows<float>(dc));
            return;
        }

        for (var k = steps - 1; k >= 0; k--)
        {
            var t = reverse ? steps - 1 - k : k;
            var prev = reverse ? t + 1 : t - 1;
            var dg = Step(dGates, t);
            var cPrev = k == 0 ? c0.Dense() : State(states, 1, prev);
            LstmKernels.Backward(batch, hidden, Rows<double>(Step(gates, t)), Rows<double>(cPrev), Rows<double>(Step(tanhC, t)), Rows<double>(State(g, 0, t)), Rows<double>(State(g, 1, t)), k == steps - 1 ? null : Rows<double>(dh), Rows<double>(dc), Rows<double>(dg));
            if (k > 0 || needDh0)
            {
                MatMul(dg, w, dh);
            }
        }
    }

    /// <summary>Step t of a dense [T, N, W] tensor, as a dense [N, W] view.</summary>
    private static Tensor Step(Tensor x, int t) => x.View(x.Offset + (t * x.Strides[0]), [x.Dims[1], x.Dims[2]], [x.Dims[2], 1]);

    /// <summary>h (which 0) or c (which 1) of step t of dense states [2, T, N, hidden], as a dense [N, hidden] view.</summary>
    private static Tensor State(Tensor states, int which, int t) =>
        states.View(states.Offset + (((which * states.Dims[1]) + t) * states.Dims[2] * states.Dims[3]), [states.Dims[2], states.Dims[3]], [states.Dims[3], 1]);

    /// <inheritdoc/>
    public void GruSequenceForward(Tensor xg, Tensor h0, Tensor weightHH, Tensor? biasHH, bool reverse, Tensor gates, Tensor candidates, Tensor states)
    {
        var (steps, batch, hidden) = (xg.Dims[0], xg.Dims[1], weightHH.Dims[1]);
        var w = weightHH.Dense();
        var packed = PrepareRightOperand(w, transpose: true);
        if (packed is not null)
        {
            GruSequenceKernel.Forward(steps, batch, hidden, reverse, Rows<float>(xg.Dense()), Rows<float>(h0.Dense()), Rows<float>(w), biasHH is null ? null : Rows<float>(biasHH.Dense()), Rows<float>(packed), Rows<float>(gates), Rows<float>(candidates), Rows<float>(states));
            return;
        }

        // float64 (gradient checks): step by step.
        var x = xg.Dense();
        var h = h0.Dense();
        for (var k = 0; k < steps; k++)
        {
            var t = reverse ? steps - 1 - k : k;
            var hg = Step(gates, t);
            LinearForward(h, w, null, hg);
            var next = Step(states, t);
            GruKernels.Forward(batch, hidden, Rows<double>(hg), biasHH is null ? null : Rows<double>(biasHH.Dense()), Rows<double>(Step(x, t)), Rows<double>(h), Rows<double>(Step(candidates, t)), Rows<double>(next));
            h = next;
        }
    }

    /// <inheritdoc/>
    public void GruSequenceBackward(Tensor gates, Tensor candidates, Tensor states, Tensor h0, Tensor grad, Tensor weightHH, bool reverse, bool needDh0, Tensor dInputs, Tensor dProducts, Tensor product, Tensor direct)
    {
        var (steps, batch, hidden) = (states.Dims[0], states.Dims[1], states.Dims[2]);
        var w = weightHH.Dense();
        var g = grad.Dense();
        var h0d = h0.Dense();
        if (w.DType == DType.Float32)
        {
            var packed = steps > 1 || needDh0 ? PrepareRightOperand(w, transpose: false)! : Tensor.Empty([1], DType.Float32);
            GruSequenceKernel.Backward(steps, batch, hidden, reverse, Rows<float>(gates), Rows<float>(candidates), Rows<float>(states), Rows<float>(h0d), Rows<float>(g), Rows<float>(w), Rows<float>(packed), needDh0, Rows<float>(dInputs), Rows<float>(dProducts), Rows<float>(product), Rows<float>(direct));
            return;
        }

        for (var k = steps - 1; k >= 0; k--)
        {
            var t = reverse ? steps - 1 - k : k;
            var prev = reverse ? t + 1 : t - 1;
            var carried = k < steps - 1;
            var dhg = Step(dProducts, t);
            GruKernels.Backward(batch, hidden, Rows<double>(Step(gates, t)), Rows<double>(Step(candidates, t)), Rows<double>(k == 0 ? h0d : Step(states, prev)), Rows<double>(Step(g, t)), carried ? Rows<double>(product) : null, carried ? Rows<double>(direct) : null, Rows<double>(direct), Rows<double>(Step(dInputs, t)), Rows<double>(dhg));
            if (k > 0 || needDh0)
            {
                MatMul(dhg, w, product);
            }
        }
    }

    private static LstmKernels.Rows<T> Rows<T>(Tensor t)
        where T : unmanaged, IFloatingPointIeee754<T> => new((T[])t.Buffer, t.Offset);
}
