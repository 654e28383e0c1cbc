using System.Numerics;
using NeuralSharp.Kernels;

namespace NeuralSharp.Backends.Cpu;

// The fused LSTM and GRU step kernels, dispatched on the element type once.
internal sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void LstmCellForward(Tensor gates, Tensor xg, Tensor? bias, Tensor cPrev, Tensor h, Tensor c, Tensor tanhC)
    {
        var (batch, hidden) = (h.Dims[0], h.Dims[1]);
        if (gates.Buffer is float[])
        {
            LstmKernels.Forward(batch, hidden, Rows<float>(gates), Rows<float>(xg.Dense()), bias is null ? null : Rows<float>(bias.Dense()), Rows<float>(cPrev.Dense()), Rows<float>(h), Rows<float>(c), Rows<float>(tanhC));
        }
        else
        {
            LstmKernels.Forward(batch, hidden, Rows<double>(gates), Rows<double>(xg.Dense()), bias is null ? null : Rows<double>(bias.Dense()), Rows<double>(cPrev.Dense()), Rows<double>(h), Rows<double>(c), Rows<double>(tanhC));
        }
    }

    /// <inheritdoc/>
    public void LstmCellBackward(Tensor gates, Tensor cPrev, Tensor tanhC, Tensor gradH, Tensor gradC, Tensor? dhCarry, Tensor dcCarry, Tensor dGates)
    {
        var (batch, hidden) = (tanhC.Dims[0], tanhC.Dims[1]);
        if (gates.Buffer is float[])
        {
            LstmKernels.Backward(batch, hidden, Rows<float>(gates), Rows<float>(cPrev.Dense()), Rows<float>(tanhC), Rows<float>(gradH.Dense()), Rows<float>(gradC.Dense()), dhCarry is null ? null : Rows<float>(dhCarry), Rows<float>(dcCarry), Rows<float>(dGates));
        }
        else
        {
            LstmKernels.Backward(batch, hidden, Rows<double>(gates), Rows<double>(cPrev.Dense()), Rows<double>(tanhC), Rows<double>(gradH.Dense()), Rows<double>(gradC.Dense()), dhCarry is null ? null : Rows<double>(dhCarry), Rows<double>(dcCarry), Rows<double>(dGates));
        }
    }

    /// <inheritdoc/>
    public void GruCellForward(Tensor hg, Tensor? bias, Tensor xg, Tensor hPrev, Tensor n, Tensor h)
    {
        var (batch, hidden) = (h.Dims[0], h.Dims[1]);
        if (hg.Buffer is float[])
        {
            GruKernels.Forward(batch, hidden, Rows<float>(hg), bias is null ? null : Rows<float>(bias.Dense()), Rows<float>(xg.Dense()), Rows<float>(hPrev.Dense()), Rows<float>(n), Rows<float>(h));
        }
        else
        {
            GruKernels.Forward(batch, hidden, Rows<double>(hg), bias is null ? null : Rows<double>(bias.Dense()), Rows<double>(xg.Dense()), Rows<double>(hPrev.Dense()), Rows<double>(n), Rows<double>(h));
        }
    }

    /// <inheritdoc/>
    public void GruCellBackward(Tensor hg, Tensor n, Tensor hPrev, Tensor gradH, Tensor? carryProduct, Tensor? carryDirect, Tensor direct, Tensor dxg, Tensor dhg)
    {
        var (batch, hidden) = (n.Dims[0], n.Dims[1]);
        if (hg.Buffer is float[])
        {
            GruKernels.Backward(batch, hidden, Rows<float>(hg), Rows<float>(n), Rows<float>(hPrev.Dense()), Rows<float>(gradH.Dense()), carryProduct is null ? null : Rows<float>(carryProduct), carryDirect is null ? null : Rows<float>(carryDirect), Rows<float>(direct), Rows<float>(dxg), Rows<float>(dhg));
        }
        else
        {
            GruKernels.Backward(batch, hidden, Rows<double>(hg), Rows<double>(n), Rows<double>(hPrev.Dense()), Rows<double>(gradH.Dense()), carryProduct is null ? null : Rows<double>(carryProduct), carryDirect is null ? null : Rows<double>(carryDirect), Rows<double>(direct), Rows<double>(dxg), Rows<double>(dhg));
        }
    }

    private static LstmKernels.Rows<T> Rows<T>(Tensor t)
        where T : unmanaged, IFloatingPointIeee754<T> => new((T[])t.Buffer, t.Offset);
}
