using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralSharp.Optim;

/// <summary>
/// Adam (Kingma and Ba), exactly as PyTorch's <c>torch.optim.Adam</c>: moment estimates
/// m = β₁m + (1 − β₁)g and v = β₂v + (1 − β₂)g², then
/// p -= lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε). Weight decay is an L2 term added to g; for decay
/// applied to the weights directly use <see cref="AdamW"/>.
/// </summary>
public class Adam : Optimizer
{
    private readonly bool _decoupled;

    /// <summary>Creates the optimiser with PyTorch's defaults.</summary>
    /// <param name="parameters">The tensors to update.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="beta1">Decay of the first-moment (mean) estimate.</param>
    /// <param name="beta2">Decay of the second-moment (uncentred variance) estimate.</param>
    /// <param name="eps">Added to the denominator so that it is never zero.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient as weightDecay · p.</param>
    /// <param name="amsgrad">Divide by the largest second moment seen so far (AMSGrad).</param>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        : this([new ParameterGroup(parameters)], learningRate, beta1, beta2, eps, weightDecay, amsgrad)
    {
    }

    /// <summary>Creates the optimiser over parameter groups; see the other constructor for the arguments.</summary>
    public Adam(IEnumerable<ParameterGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        : this(groups, learningRate, beta1, beta2, eps, weightDecay, amsgrad, decoupled: false)
    {
    }

    private protected Adam(IEnumerable<ParameterGroup> groups, double learningRate, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool decoupled)
        : base(groups, learningRate, weightDecay)
    {
        CheckInRange(beta1, 0, 1, "beta1");
        CheckInRange(beta2, 0, 1, "beta2");
        CheckNonNegative(eps, "eps");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        AmsGrad = amsgrad;
        _decoupled = decoupled;
    }

    /// <summary>Decay of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>The term that keeps the denominator away from zero.</summary>
    public double Eps { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    protected override string[] CreateStateNames() => AmsGrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"];

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        // Scalars are computed in double once per step, as PyTorch does in Python, then rounded to T.
        double step = state.Step;
        var c = new Coefficients(
            Decay: _decoupled ? 1 - (group.LearningRate * group.WeightDecay) : 1,
            L2: _decoupled ? 0 : group.WeightDecay,
            Beta1: Beta1,
            Beta2: Beta2,
            BiasCorrection2Sqrt: Math.Sqrt(1 - Math.Pow(Beta2, step)),
            Eps: Eps,
            NegativeStepSize: -(group.LearningRate / (1 - Math.Pow(Beta1, step))));
        if (parameter.DType == DType.Float32)
        {
            Apply(parameter.Span<float>(), gradient.Span<float>(), state[0].Span<float>(), state[1].Span<float>(), AmsGrad ? state[2].Span<float>() : default, c);
        }
        else
        {
            Apply(parameter.Span<double>(), gradient.Span<double>(), state[0].Span<double>(), state[1].Span<double>(), AmsGrad ? state[2].Span<double>() : default, c);
        }
    }

    /// <inheritdoc/>
    protected override void DescribeHyperparameters(IDictionary<string, string> metadata)
    {
        metadata["betas"] = $"{Format(Beta1)},{Format(Beta2)}";
        metadata["eps"] = Format(Eps);
        metadata["amsgrad"] = AmsGrad ? "true" : "false";
    }

    private static void Apply<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> vMax, in Coefficients c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var decay = T.CreateTruncating(c.Decay);
        var l2 = T.CreateTruncating(c.L2);
        var b1 = T.CreateTruncating(c.Beta1);
        var b1c = T.CreateTruncating(1 - c.Beta1);
        var b2 = T.CreateTruncating(c.Beta2);
        var b2c = T.CreateTruncating(1 - c.Beta2);
        var bc2 = T.CreateTruncating(c.BiasCorrection2Sqrt);
        var eps = T.CreateTruncating(c.Eps);
        var nss = T.CreateTruncating(c.NegativeStepSize);
        var useDecay = c.Decay != 1;
        var useL2 = c.L2 != 0;
        var ams = !vMax.IsEmpty;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var pv = MemoryMarshal.Cast<T, Vector<T>>(p);
            var gv = MemoryMarshal.Cast<T, Vector<T>>(g);
            var mv = MemoryMarshal.Cast<T, Vector<T>>(m);
            var vv = MemoryMarshal.Cast<T, Vector<T>>(v);
            var xv = MemoryMarshal.Cast<T, Vector<T>>(vMax);
            for (var k = 0; k < pv.Length; k++)
            {
                var w = useDecay ? pv[k] * decay : pv[k];
                var d = useL2 ? gv[k] + (l2 * w) : gv[k];
                var m1 = (mv[k] * b1) + (b1c * d);
                var m2 = (vv[k] * b2) + (b2c * d * d);
                mv[k] = m1;
                vv[k] = m2;
                if (ams)
                {
                    m2 = Vector.Max(xv[k], m2);
                    xv[k] = m2;
                }

                pv[k] = w + (nss * m1 / ((Vector.SquareRoot(m2) / bc2) + new Vector<T>(eps)));
            }

            i = pv.Length * Vector<T>.Count;
        }

        for (; i < p.Length; i++)
        {
            var w = useDecay ? p[i] * decay : p[i];
            var d = useL2 ? g[i] + (l2 * w) : g[i];
            var m1 = (m[i] * b1) + (b1c * d);
            var m2 = (v[i] * b2) + (b2c * d * d);
            m[i] = m1;
            v[i] = m2;
            if (ams)
            {
                m2 = T.Max(vMax[i], m2);
                vMax[i] = m2;
            }

            p[i] = w + (nss * m1 / ((T.Sqrt(m2) / bc2) + eps));
        }
    }

    private readonly record struct Coefficients(double Decay, double L2, double Beta1, double Beta2, double BiasCorrection2Sqrt, double Eps, double NegativeStepSize);
}
