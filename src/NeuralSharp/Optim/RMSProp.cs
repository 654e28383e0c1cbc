using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralSharp.Optim;

/// <summary>
/// RMSProp (Hinton), exactly as PyTorch's <c>torch.optim.RMSprop</c>: s = αs + (1 − α)g², then
/// p -= lr · g / (√s + ε); centred, s is replaced by the variance s − ḡ² with ḡ = αḡ + (1 − α)g;
/// with momentum μ, b = μb + g / (√s + ε) and p -= lr · b.
/// </summary>
public sealed class RMSProp : Optimizer
{
    /// <summary>Creates the optimiser with PyTorch's defaults.</summary>
    /// <param name="parameters">The tensors to update.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="alpha">Decay of the running average of squared gradients.</param>
    /// <param name="eps">Added to the denominator so that it is never zero.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient as weightDecay · p.</param>
    /// <param name="momentum">The momentum factor (0 for none).</param>
    /// <param name="centered">Normalise by the estimated variance rather than the mean square.</param>
    public RMSProp(IEnumerable<Tensor> parameters, double learningRate = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : this([new ParameterGroup(parameters)], learningRate, alpha, eps, weightDecay, momentum, centered)
    {
    }

    /// <summary>Creates the optimiser over parameter groups; see the other constructor for the arguments.</summary>
    public RMSProp(IEnumerable<ParameterGroup> groups, double learningRate = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : base(groups, learningRate, weightDecay)
    {
        CheckNonNegative(alpha, "alpha");
        CheckNonNegative(eps, "eps");
        CheckNonNegative(momentum, "momentum");
        Alpha = alpha;
        Eps = eps;
        Momentum = momentum;
        Centered = centered;
    }

    /// <summary>Decay of the running average of squared gradients.</summary>
    public double Alpha { get; }

    /// <summary>The term that keeps the denominator away from zero.</summary>
    public double Eps { get; }

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Whether the gradient is normalised by its estimated variance.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override string[] CreateStateNames()
    {
        var names = new List<string> { "square_avg" };
        if (Momentum > 0)
        {
            names.Add("momentum_buffer");
        }

        if (Centered)
        {
            names.Add("grad_avg");
        }

        return [.. names];
    }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        var c = new Coefficients(group.WeightDecay, Alpha, Eps, Momentum, -group.LearningRate);
        var momentumIndex = Momentum > 0 ? 1 : -1;
        var gradAvgIndex = Centered ? state.Buffers.Count - 1 : -1;
        if (parameter.DType == DType.Float32)
        {
            Apply(parameter.Span<float>(), gradient.Span<float>(), state[0].Span<float>(), Buffer<float>(state, momentumIndex), Buffer<float>(state, gradAvgIndex), c);
        }
        else
        {
            Apply(parameter.Span<double>(), gradient.Span<double>(), state[0].Span<double>(), Buffer<double>(state, momentumIndex), Buffer<double>(state, gradAvgIndex), c);
        }
    }

    /// <inheritdoc/>
    protected override void DescribeHyperparameters(IDictionary<string, string> metadata)
    {
        metadata["alpha"] = Format(Alpha);
        metadata["eps"] = Format(Eps);
        metadata["momentum"] = Format(Momentum);
        metadata["centered"] = Centered ? "true" : "false";
    }

    private static Span<T> Buffer<T>(ParameterState state, int index) => index < 0 ? default : state[index].Span<T>();

    private static void Apply<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> squareAvg, Span<T> buf, Span<T> gradAvg, in Coefficients c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wd = T.CreateTruncating(c.WeightDecay);
        var a = T.CreateTruncating(c.Alpha);
        var ac = T.CreateTruncating(1 - c.Alpha);
        var eps = T.CreateTruncating(c.Eps);
        var mu = T.CreateTruncating(c.Momentum);
        var nlr = T.CreateTruncating(c.NegativeLearningRate);
        var decay = c.WeightDecay != 0;
        var centered = !gradAvg.IsEmpty;
        var momentum = !buf.IsEmpty;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var pv = MemoryMarshal.Cast<T, Vector<T>>(p);
            var gv = MemoryMarshal.Cast<T, Vector<T>>(g);
            var sv = MemoryMarshal.Cast<T, Vector<T>>(squareAvg);
            var bv = MemoryMarshal.Cast<T, Vector<T>>(buf);
            var av = MemoryMarshal.Cast<T, Vector<T>>(gradAvg);
            for (var k = 0; k < pv.Length; k++)
            {
                var d = decay ? gv[k] + (wd * pv[k]) : gv[k];
                var s = (sv[k] * a) + (ac * d * d);
                sv[k] = s;
                if (centered)
                {
                    var mean = (av[k] * a) + (ac * d);
                    av[k] = mean;
                    s -= mean * mean;
                }

                var denominator = Vector.SquareRoot(s) + new Vector<T>(eps);
                if (momentum)
                {
                    var b = (bv[k] * mu) + (d / denominator);
                    bv[k] = b;
                    pv[k] += nlr * b;
                }
                else
                {
                    pv[k] += nlr * d / denominator;
                }
            }

            i = pv.Length * Vector<T>.Count;
        }

        for (; i < p.Length; i++)
        {
            var d = decay ? g[i] + (wd * p[i]) : g[i];
            var s = (squareAvg[i] * a) + (ac * d * d);
            squareAvg[i] = s;
            if (centered)
            {
                var mean = (gradAvg[i] * a) + (ac * d);
                gradAvg[i] = mean;
                s -= mean * mean;
            }

            var denominator = T.Sqrt(s) + eps;
            if (momentum)
            {
                var b = (buf[i] * mu) + (d / denominator);
                buf[i] = b;
                p[i] += nlr * b;
            }
            else
            {
                p[i] += nlr * d / denominator;
            }
        }
    }

    private readonly record struct Coefficients(double WeightDecay, double Alpha, double Eps, double Momentum, double NegativeLearningRate);
}
