using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralSharp.Optim;

/// <summary>
/// Stochastic gradient descent, optionally with momentum and Nesterov momentum, exactly as PyTorch's
/// <c>torch.optim.SGD</c>: with d = g + weightDecay p, the buffer is b = momentum b + (1 - dampening) d
/// (b = d on the first step), and p -= lr b, or p -= lr (d + momentum b) with Nesterov.
/// </summary>
/// <remarks>For the form taught in the course, v = λv − (1 − λ)∂E/∂w, w += ηv, see <see cref="CourseMomentum"/>.</remarks>
public sealed class SGD : Optimizer
{
    /// <summary>Creates the optimiser with PyTorch's defaults (lr 1e-3, no momentum, no decay).</summary>
    /// <param name="parameters">The tensors to update.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="momentum">The momentum factor (0 for plain SGD).</param>
    /// <param name="dampening">Scales down the gradient's share in the momentum buffer.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient as weightDecay · p.</param>
    /// <param name="nesterov">Use Nesterov momentum (needs momentum &gt; 0 and no dampening).</param>
    public SGD(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : this([new ParameterGroup(parameters)], learningRate, momentum, dampening, weightDecay, nesterov)
    {
    }

    /// <summary>Creates the optimiser over parameter groups; see the other constructor for the arguments.</summary>
    public SGD(IEnumerable<ParameterGroup> groups, double learningRate = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(groups, learningRate, weightDecay)
    {
        CheckNonNegative(momentum, "momentum");
        CheckNonNegative(dampening, "dampening");
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("SGD: Nesterov momentum requires a momentum > 0 and zero dampening", nameof(nesterov));
        }

        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>The dampening of the gradient's share in the momentum buffer.</summary>
    public double Dampening { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override string[] CreateStateNames() => Momentum != 0 ? ["momentum_buffer"] : [];

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        // PyTorch starts the buffer as a copy of the first gradient, without dampening.
        var first = state.Step == 1;
        var c = new Coefficients(
            WeightDecay: group.WeightDecay,
            UseMomentum: Momentum != 0,
            BufferScale: first ? 0 : Momentum,
            GradientScale: first ? 1 : 1 - Dampening,
            Nesterov: Nesterov ? Momentum : 0,
            NegativeLearningRate: -group.LearningRate);
        var hasBuffer = Momentum != 0;
        if (parameter.DType == DType.Float32)
        {
            Apply(parameter.Span<float>(), gradient.Span<float>(), hasBuffer ? state[0].Span<float>() : default, c);
        }
        else
        {
            Apply(parameter.Span<double>(), gradient.Span<double>(), hasBuffer ? state[0].Span<double>() : default, c);
        }
    }

    /// <inheritdoc/>
    protected override void DescribeHyperparameters(IDictionary<string, string> metadata)
    {
        metadata["momentum"] = Format(Momentum);
        metadata["dampening"] = Format(Dampening);
        metadata["nesterov"] = Nesterov ? "true" : "false";
    }

    private static void Apply<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> buf, in Coefficients c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wd = T.CreateTruncating(c.WeightDecay);
        var bs = T.CreateTruncating(c.BufferScale);
        var gs = T.CreateTruncating(c.GradientScale);
        var nes = T.CreateTruncating(c.Nesterov);
        var nlr = T.CreateTruncating(c.NegativeLearningRate);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var pv = MemoryMarshal.Cast<T, Vector<T>>(p);
            var gv = MemoryMarshal.Cast<T, Vector<T>>(g);
            var bv = MemoryMarshal.Cast<T, Vector<T>>(buf);
            for (var k = 0; k < pv.Length; k++)
            {
                var d = c.WeightDecay != 0 ? gv[k] + (wd * pv[k]) : gv[k];
                if (c.UseMomentum)
                {
                    var b = (bv[k] * bs) + (gs * d);
                    bv[k] = b;
                    d = c.Nesterov != 0 ? d + (nes * b) : b;
                }

                pv[k] += nlr * d;
            }

            i = pv.Length * Vector<T>.Count;
        }

        for (; i < p.Length; i++)
        {
            var d = c.WeightDecay != 0 ? g[i] + (wd * p[i]) : g[i];
            if (c.UseMomentum)
            {
                var b = (buf[i] * bs) + (gs * d);
                buf[i] = b;
                d = c.Nesterov != 0 ? d + (nes * b) : b;
            }

            p[i] += nlr * d;
        }
    }

    private readonly record struct Coefficients(double WeightDecay, bool UseMomentum, double BufferScale, double GradientScale, double Nesterov, double NegativeLearningRate);
}
