using System.Numerics;
using NeuralSharp.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralSharp.Backends.Cpu;

// The element-wise kernels as pieces that RangeSplit can hand to several threads. A piece holds the
// arrays and offsets (spans cannot live in the shared state) and runs the same span kernel on its range.
internal sealed partial class CpuBackend
{
    private readonly struct UnaryWork<T>(UnaryKind kind, Tensor x, Tensor y) : IRangeWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _x = (T[])x.Buffer, _y = (T[])y.Buffer;
        private readonly int _xo = x.Offset, _yo = y.Offset;

        public void Run(int start, int length) =>
            UnaryFunctions.Apply(kind, _x.AsSpan(_xo + start, length), _y.AsSpan(_yo + start, length));
    }

    private readonly struct DerivativeWork<T>(UnaryKind kind, Tensor v, Tensor at, Tensor d) : IRangeWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _v = (T[])v.Buffer, _at = (T[])at.Buffer, _d = (T[])d.Buffer;
        private readonly int _vo = v.Offset, _ao = at.Offset, _do = d.Offset;

        public void Run(int start, int length) =>
            UnaryFunctions.ScaleByDerivative(kind, _v.AsSpan(_vo + start, length), _at.AsSpan(_ao + start, length), _d.AsSpan(_do + start, length));
    }

    private readonly struct AddScaledWork<T>(Tensor target, Tensor other, T alpha, bool plain) : IRangeWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _t = (T[])target.Buffer, _o = (T[])other.Buffer;
        private readonly int _to = target.Offset, _oo = other.Offset;

        public void Run(int start, int length)
        {
            var d = _t.AsSpan(_to + start, length);
            var o = _o.AsSpan(_oo + start, length);
            if (plain)
            {
                TP.Add(d, o, d);
            }
            else
            {
                TP.MultiplyAdd(o, alpha, d, d);
            }
        }
    }

    private readonly struct ScaleWork<T>(Tensor target, T factor) : IRangeWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _t = (T[])target.Buffer;
        private readonly int _to = target.Offset;

        public void Run(int start, int length)
        {
            var d = _t.AsSpan(_to + start, length);
            TP.Multiply(d, factor, d);
        }
    }

    private readonly struct FillWork<T>(T[] buffer, int offset, T value) : IRangeWork
        where T : unmanaged
    {
        public void Run(int start, int length) => buffer.AsSpan(offset + start, length).Fill(value);
    }

    // Pieces only ever set the flag, so the answer is the same however the range is split.
    private readonly unsafe struct AllFiniteWork<T>(T[] buffer, int offset, int* notFinite) : IRangeWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int length)
        {
            if (!VectorLoops.AllFinite<T>(buffer.AsSpan(offset + start, length)))
            {
                Volatile.Write(ref *notFinite, 1);
            }
        }
    }
}
