using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuralSharp.Kernels;

namespace NeuralSharp.Backends.Cpu;

// The fused optimiser steps. Each rule is written once, on vectors: the loop in Run applies it to
// whole vectors and then to the tail, padded into one vector, so no rule has a second scalar copy
// (padding lanes compute values that are never stored back). Vector<T> operations round like the
// scalar ones (no contraction into FMA), so the tail gets the same values a scalar loop would.
internal sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void SgdStep(Tensor p, Tensor g, Tensor? buffer, in SgdStep step)
    {
        if (p.DType == DType.Float32)
        {
            Run<float, SgdRule<float>>(p, g, buffer, null, null, new SgdRule<float>(step));
        }
        else
        {
            Run<double, SgdRule<double>>(p, g, buffer, null, null, new SgdRule<double>(step));
        }
    }

    /// <inheritdoc/>
    public void AdamStep(Tensor p, Tensor g, Tensor m, Tensor v, Tensor? maxSecondMoment, in AdamStep step)
    {
        if (p.DType == DType.Float32)
        {
            Run<float, AdamRule<float>>(p, g, m, v, maxSecondMoment, new AdamRule<float>(step));
        }
        else
        {
            Run<double, AdamRule<double>>(p, g, m, v, maxSecondMoment, new AdamRule<double>(step));
        }
    }

    /// <inheritdoc/>
    public void RmsPropStep(Tensor p, Tensor g, Tensor squareAverage, Tensor? momentumBuffer, Tensor? gradientAverage, in RmsPropStep step)
    {
        if (p.DType == DType.Float32)
        {
            Run<float, RmsPropRule<float>>(p, g, squareAverage, momentumBuffer, gradientAverage, new RmsPropRule<float>(step));
        }
        else
        {
            Run<double, RmsPropRule<double>>(p, g, squareAverage, momentumBuffer, gradientAverage, new RmsPropRule<double>(step));
        }
    }

    /// <inheritdoc/>
    public void AdaGradStep(Tensor p, Tensor g, Tensor sum, in AdaGradStep step)
    {
        if (p.DType == DType.Float32)
        {
            Run<float, AdaGradRule<float>>(p, g, sum, null, null, new AdaGradRule<float>(step));
        }
        else
        {
            Run<double, AdaGradRule<double>>(p, g, sum, null, null, new AdaGradRule<double>(step));
        }
    }

    /// <inheritdoc/>
    public void CourseMomentumStep(Tensor w, Tensor g, Tensor velocity, in CourseMomentumStep step)
    {
        if (w.DType == DType.Float32)
        {
            Run<float, CourseMomentumRule<float>>(w, g, velocity, null, null, new CourseMomentumRule<float>(step));
        }
        else
        {
            Run<double, CourseMomentumRule<double>>(w, g, velocity, null, null, new CourseMomentumRule<double>(step));
        }
    }

    /// <summary>An optimiser's update of one vector of parameters, given the gradient, with up to three state buffers.</summary>
    private interface IUpdateRule<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        void Apply(ref Vector<T> p, Vector<T> g, ref Vector<T> s0, ref Vector<T> s1, ref Vector<T> s2);
    }

    private static void Run<T, TRule>(Tensor p, Tensor g, Tensor? s0, Tensor? s1, Tensor? s2, TRule rule)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T>
    {
        if (!p.IsContiguous || !g.IsContiguous || s0 is { IsContiguous: false } || s1 is { IsContiguous: false } || s2 is { IsContiguous: false })
        {
            throw new InvalidOperationException("cpu backend: internal: an optimiser step over a non-contiguous tensor");
        }

        var work = new StepWork<T, TRule>(p, g, s0, s1, s2, rule);
        RangeSplit.Run(p.Count, ref work);
    }

    /// <summary>The update of elements [start, start + length) of one parameter and its state.</summary>
    private readonly struct StepWork<T, TRule>(Tensor p, Tensor g, Tensor? s0, Tensor? s1, Tensor? s2, TRule rule) : IRangeWork
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T>
    {
        private readonly T[] _p = (T[])p.Buffer, _g = (T[])g.Buffer;
        private readonly T[]? _s0 = (T[]?)s0?.Buffer, _s1 = (T[]?)s1?.Buffer, _s2 = (T[]?)s2?.Buffer;
        private readonly int _po = p.Offset, _go = g.Offset, _o0 = s0?.Offset ?? 0, _o1 = s1?.Offset ?? 0, _o2 = s2?.Offset ?? 0;

        public void Run(int start, int length) => Update(
            _p.AsSpan(_po + start, length), _g.AsSpan(_go + start, length),
            _s0 is null ? default : _s0.AsSpan(_o0 + start, length),
            _s1 is null ? default : _s1.AsSpan(_o1 + start, length),
            _s2 is null ? default : _s2.AsSpan(_o2 + start, length),
            rule);
    }

    private static void Update<T, TRule>(Span<T> ps, Span<T> gs, Span<T> b0, Span<T> b1, Span<T> b2, TRule rule)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T>
    {
        var pv = MemoryMarshal.Cast<T, Vector<T>>(ps);
        var gv = MemoryMarshal.Cast<T, Vector<T>>(gs);
        var v0 = MemoryMarshal.Cast<T, Vector<T>>(b0);
        var v1 = MemoryMarshal.Cast<T, Vector<T>>(b1);
        var v2 = MemoryMarshal.Cast<T, Vector<T>>(b2);
        // One loop per number of state buffers, so that the loop body tests nothing but its counter (a small
        // parameter's update is otherwise dominated by per-vector branches and bounds checks).
        var unused = Vector<T>.Zero;
        ref var p0 = ref MemoryMarshal.GetReference(pv);
        ref var g0 = ref MemoryMarshal.GetReference(gv);
        if (v0.IsEmpty)
        {
            for (var k = 0; k < pv.Length; k++)
            {
                rule.Apply(ref Unsafe.Add(ref p0, k), Unsafe.Add(ref g0, k), ref unused, ref unused, ref unused);
            }
        }
        else if (v1.IsEmpty)
        {
            ref var s0 = ref MemoryMarshal.GetReference(v0);
            for (var k = 0; k < pv.Length; k++)
            {
                rule.Apply(ref Unsafe.Add(ref p0, k), Unsafe.Add(ref g0, k), ref Unsafe.Add(ref s0, k), ref unused, ref unused);
            }
        }
        else if (v2.IsEmpty)
        {
            ref var s0 = ref MemoryMarshal.GetReference(v0);
            ref var s1 = ref MemoryMarshal.GetReference(v1);
            for (var k = 0; k < pv.Length; k++)
            {
                rule.Apply(ref Unsafe.Add(ref p0, k), Unsafe.Add(ref g0, k), ref Unsafe.Add(ref s0, k), ref Unsafe.Add(ref s1, k), ref unused);
            }
        }
        else
        {
            ref var s0 = ref MemoryMarshal.GetReference(v0);
            ref var s1 = ref MemoryMarshal.GetReference(v1);
            ref var s2 = ref MemoryMarshal.GetReference(v2);
            for (var k = 0; k < pv.Length; k++)
            {
                rule.Apply(ref Unsafe.Add(ref p0, k), Unsafe.Add(ref g0, k), ref Unsafe.Add(ref s0, k), ref Unsafe.Add(ref s1, k), ref Unsafe.Add(ref s2, k));
            }
        }

        var done = pv.Length * Vector<T>.Count;
        if (done == ps.Length)
        {
            return;
        }

        // The tail, padded with zeros into one vector of each operand, then the valid lanes written back.
        var pt = Pad(ps[done..]);
        var t0 = Pad(b0.IsEmpty ? b0 : b0[done..]);
        var t1 = Pad(b1.IsEmpty ? b1 : b1[done..]);
        var t2 = Pad(b2.IsEmpty ? b2 : b2[done..]);
        rule.Apply(ref pt, Pad(gs[done..]), ref t0, ref t1, ref t2);
        Unpad(pt, ps[done..]);
        Unpad(t0, b0.IsEmpty ? b0 : b0[done..]);
        Unpad(t1, b1.IsEmpty ? b1 : b1[done..]);
        Unpad(t2, b2.IsEmpty ? b2 : b2[done..]);
    }

    private static Vector<T> Pad<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector<T>.Count];
        lanes.Clear();
        values.CopyTo(lanes);
        return new Vector<T>(lanes);
    }

    private static void Unpad<T>(Vector<T> vector, Span<T> values)
        where T : unmanaged
    {
        if (values.IsEmpty)
        {
            return;
        }

        Span<T> lanes = stackalloc T[Vector<T>.Count];
        vector.CopyTo(lanes);
        lanes[..values.Length].CopyTo(values);
    }

    private readonly struct SgdRule<T>(in SgdStep c) : IUpdateRule<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _wd = T.CreateTruncating(c.WeightDecay), _bs = T.CreateTruncating(c.BufferScale), _gs = T.CreateTruncating(c.GradientScale);
        private readonly T _nesterov = T.CreateTruncating(c.Nesterov), _nlr = T.CreateTruncating(c.NegativeLearningRate);
        private readonly bool _decay = c.WeightDecay != 0, _momentum = c.UseMomentum, _useNesterov = c.Nesterov != 0;

        public void Apply(ref Vector<T> p, Vector<T> g, ref Vector<T> buffer, ref Vector<T> s1, ref Vector<T> s2)
        {
            var d = _decay ? g + (_wd * p) : g;
            if (_momentum)
            {
                var b = (_bs * buffer) + (_gs * d);
                buffer = b;
                d = _useNesterov ? d + (_nesterov * b) : b;
            }

            p += _nlr * d;
        }
    }

    private readonly struct AdamRule<T>(in AdamStep c) : IUpdateRule<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _decay = T.CreateTruncating(c.Decay), _l2 = T.CreateTruncating(c.L2);
        private readonly T _b1 = T.CreateTruncating(c.Beta1), _b1c = T.CreateTruncating(1 - c.Beta1);
        private readonly T _b2 = T.CreateTruncating(c.Beta2), _b2c = T.CreateTruncating(1 - c.Beta2);
        private readonly T _bc2 = T.CreateTruncating(c.BiasCorrection2Sqrt), _eps = T.CreateTruncating(c.Eps), _nss = T.CreateTruncating(c.NegativeStepSize);
        private readonly bool _useDecay = c.Decay != 1, _useL2 = c.L2 != 0, _ams = c.AmsGrad;

        public void Apply(ref Vector<T> p, Vector<T> g, ref Vector<T> m, ref Vector<T> v, ref Vector<T> vMax)
        {
            var w = _useDecay ? p * _decay : p;
            var d = _useL2 ? g + (_l2 * w) : g;
            var m1 = (m * _b1) + (_b1c * d);
            var m2 = (v * _b2) + (_b2c * d * d);
            m = m1;
            v = m2;
            if (_ams)
            {
                m2 = Vector.Max(vMax, m2);
                vMax = m2;
            }

            p = w + (_nss * m1 / ((Vector.SquareRoot(m2) / _bc2) + new Vector<T>(_eps)));
        }
    }

    private readonly struct RmsPropRule<T>(in RmsPropStep c) : IUpdateRule<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _wd = T.CreateTruncating(c.WeightDecay), _a = T.CreateTruncating(c.Alpha), _ac = T.CreateTruncating(1 - c.Alpha);
        private readonly T _eps = T.CreateTruncating(c.Eps), _mu = T.CreateTruncating(c.Momentum), _nlr = T.CreateTruncating(c.NegativeLearningRate);
        private readonly bool _decay = c.WeightDecay != 0, _centered = c.Centered, _momentum = c.Momentum > 0;

        public void Apply(ref Vector<T> p, Vector<T> g, ref Vector<T> squareAvg, ref Vector<T> buffer, ref Vector<T> gradAvg)
        {
            var d = _decay ? g + (_wd * p) : g;
            var s = (squareAvg * _a) + (_ac * d * d);
            squareAvg = s;
            if (_centered)
            {
                var mean = (gradAvg * _a) + (_ac * d);
                gradAvg = mean;
                s -= mean * mean;
            }

            var denominator = Vector.SquareRoot(s) + new Vector<T>(_eps);
            if (_momentum)
            {
                var b = (buffer * _mu) + (d / denominator);
                buffer = b;
                p += _nlr * b;
            }
            else
            {
                p += _nlr * d / denominator;
            }
        }
    }

    private readonly struct AdaGradRule<T>(in AdaGradStep c) : IUpdateRule<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _wd = T.CreateTruncating(c.WeightDecay), _eps = T.CreateTruncating(c.Eps), _nss = T.CreateTruncating(c.NegativeStepSize);
        private readonly bool _decay = c.WeightDecay != 0;

        public void Apply(ref Vector<T> p, Vector<T> g, ref Vector<T> sum, ref Vector<T> s1, ref Vector<T> s2)
        {
            var d = _decay ? g + (_wd * p) : g;
            var s = sum + (d * d);
            sum = s;
            p += _nss * d / (Vector.SquareRoot(s) + new Vector<T>(_eps));
        }
    }

    private readonly struct CourseMomentumRule<T>(in CourseMomentumStep c) : IUpdateRule<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _lambda = T.CreateTruncating(c.Momentum), _gradientShare = T.CreateTruncating(-(1 - c.Momentum));
        private readonly T _eta = T.CreateTruncating(c.LearningRate), _wd = T.CreateTruncating(c.WeightDecay);
        private readonly bool _decay = c.WeightDecay != 0;

        public void Apply(ref Vector<T> w, Vector<T> g, ref Vector<T> v, ref Vector<T> s1, ref Vector<T> s2)
        {
            var d = _decay ? g + (_wd * w) : g;
            var velocity = (_lambda * v) + (_gradientShare * d);
            v = velocity;
            w += _eta * velocity;
        }
    }
}
