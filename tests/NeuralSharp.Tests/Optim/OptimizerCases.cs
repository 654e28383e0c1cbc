using NeuralSharp.Optim;

namespace NeuralSharp.Tests.Optim;

/// <summary>
/// Each optimiser configuration under test, with a plain scalar re-implementation of PyTorch's
/// documented update (written from the algorithm boxes in torch.optim's docs, one element at a time,
/// in double) and the equivalent torch constructor for the cross-check with PyTorch itself.
/// </summary>
internal static class OptimizerCases
{
    public static readonly Case[] All =
    [
        new("sgd", ps => new SGD(ps, learningRate: 0.1), () => new SgdReference(0.1, 0, 0, 0, false), "torch.optim.SGD(ps, lr=0.1)"),
        new("sgd-momentum-decay", ps => new SGD(ps, learningRate: 0.1, momentum: 0.9, dampening: 0.2, weightDecay: 0.05), () => new SgdReference(0.1, 0.9, 0.2, 0.05, false), "torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.2, weight_decay=0.05)"),
        new("sgd-nesterov", ps => new SGD(ps, learningRate: 0.05, momentum: 0.8, nesterov: true), () => new SgdReference(0.05, 0.8, 0, 0, true), "torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True)"),
        new("course-momentum", ps => new CourseMomentum(ps, learningRate: 0.5, momentum: 0.7, weightDecay: 0.01), () => new CourseReference(0.5, 0.7, 0.01), null),
        new("adam", ps => new Adam(ps, learningRate: 0.05), () => new AdamReference(0.05, 0.9, 0.999, 1e-8, 0, false, false), "torch.optim.Adam(ps, lr=0.05)"),
        new("adam-decay-amsgrad", ps => new Adam(ps, learningRate: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, amsgrad: true), () => new AdamReference(0.05, 0.8, 0.99, 1e-6, 0.1, true, false), "torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, amsgrad=True)"),
        new("adamw", ps => new AdamW(ps, learningRate: 0.05), () => new AdamReference(0.05, 0.9, 0.999, 1e-8, 0.01, false, true), "torch.optim.AdamW(ps, lr=0.05)"),
        new("adamw-amsgrad", ps => new AdamW(ps, learningRate: 0.05, weightDecay: 0.3, amsgrad: true), () => new AdamReference(0.05, 0.9, 0.999, 1e-8, 0.3, true, true), "torch.optim.AdamW(ps, lr=0.05, weight_decay=0.3, amsgrad=True)"),
        new("rmsprop", ps => new RMSProp(ps), () => new RmsPropReference(0.01, 0.99, 1e-8, 0, 0, false), "torch.optim.RMSprop(ps)"),
        new("rmsprop-centered-momentum", ps => new RMSProp(ps, learningRate: 0.02, alpha: 0.9, weightDecay: 0.05, momentum: 0.5, centered: true), () => new RmsPropReference(0.02, 0.9, 1e-8, 0.05, 0.5, true), "torch.optim.RMSprop(ps, lr=0.02, alpha=0.9, weight_decay=0.05, momentum=0.5, centered=True)"),
        new("adagrad", ps => new AdaGrad(ps), () => new AdaGradReference(0.01, 0, 0, 0, 1e-10), "torch.optim.Adagrad(ps)"),
        new("adagrad-options", ps => new AdaGrad(ps, learningRate: 0.1, learningRateDecay: 0.5, weightDecay: 0.1, initialAccumulatorValue: 0.3), () => new AdaGradReference(0.1, 0.5, 0.1, 0.3, 1e-10), "torch.optim.Adagrad(ps, lr=0.1, lr_decay=0.5, weight_decay=0.1, initial_accumulator_value=0.3)"),
    ];

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static IEnumerable<object[]> NamesAndTypes =>
        All.SelectMany(c => new[] { new object[] { c.Name, DType.Float32 }, [c.Name, DType.Float64] });

    public static Case Get(string name) => All.Single(c => c.Name == name);

    /// <summary>A deterministic, sign-changing gradient for element <paramref name="i"/> at step <paramref name="t"/>.</summary>
    public static double Gradient(int i, int t) => Math.Sin((1.3 * i) + (0.7 * t) + 0.2) * (1 + (0.1 * (i % 7)));

    public static double Initial(int i) => Math.Cos(0.9 * i) + 0.1;

    public sealed record Case(string Name, Func<IEnumerable<Tensor>, Optimizer> Create, Func<IReference> Reference, string? Torch);

    public interface IReference
    {
        void Step(double[] p, double[] g);
    }

    private sealed class SgdReference(double lr, double momentum, double dampening, double wd, bool nesterov) : IReference
    {
        private double[]? _buf;

        public void Step(double[] p, double[] g)
        {
            var first = _buf is null;
            _buf ??= new double[p.Length];
            for (var i = 0; i < p.Length; i++)
            {
                var d = g[i] + (wd * p[i]);
                if (momentum != 0)
                {
                    // The buffer starts as the first gradient, undampened.
                    _buf[i] = first ? d : (momentum * _buf[i]) + ((1 - dampening) * d);
                    d = nesterov ? d + (momentum * _buf[i]) : _buf[i];
                }

                p[i] -= lr * d;
            }
        }
    }

    private sealed class CourseReference(double eta, double lambda, double wd) : IReference
    {
        private double[]? _v;

        public void Step(double[] w, double[] g)
        {
            _v ??= new double[w.Length];
            for (var i = 0; i < w.Length; i++)
            {
                _v[i] = (lambda * _v[i]) - ((1 - lambda) * (g[i] + (wd * w[i])));
                w[i] += eta * _v[i];
            }
        }
    }

    private sealed class AdamReference(double lr, double b1, double b2, double eps, double wd, bool amsgrad, bool decoupled) : IReference
    {
        private double[]? _m;
        private double[]? _v;
        private double[]? _vMax;
        private int _t;

        public void Step(double[] p, double[] g)
        {
            _m ??= new double[p.Length];
            _v ??= new double[p.Length];
            _vMax ??= new double[p.Length];
            _t++;
            for (var i = 0; i < p.Length; i++)
            {
                var gi = g[i];
                if (decoupled)
                {
                    p[i] *= 1 - (lr * wd);
                }
                else
                {
                    gi += wd * p[i];
                }

                _m[i] = (b1 * _m[i]) + ((1 - b1) * gi);
                _v[i] = (b2 * _v[i]) + ((1 - b2) * gi * gi);
                _vMax[i] = Math.Max(_vMax[i], _v[i]);
                var vHat = (amsgrad ? _vMax[i] : _v[i]) / (1 - Math.Pow(b2, _t));
                var mHat = _m[i] / (1 - Math.Pow(b1, _t));
                p[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        }
    }

    private sealed class RmsPropReference(double lr, double alpha, double eps, double wd, double momentum, bool centered) : IReference
    {
        private double[]? _s;
        private double[]? _ga;
        private double[]? _b;

        public void Step(double[] p, double[] g)
        {
            _s ??= new double[p.Length];
            _ga ??= new double[p.Length];
            _b ??= new double[p.Length];
            for (var i = 0; i < p.Length; i++)
            {
                var gi = g[i] + (wd * p[i]);
                _s[i] = (alpha * _s[i]) + ((1 - alpha) * gi * gi);
                var variance = _s[i];
                if (centered)
                {
                    _ga[i] = (alpha * _ga[i]) + ((1 - alpha) * gi);
                    variance -= _ga[i] * _ga[i];
                }

                var avg = Math.Sqrt(variance) + eps;
                if (momentum > 0)
                {
                    _b[i] = (momentum * _b[i]) + (gi / avg);
                    p[i] -= lr * _b[i];
                }
                else
                {
                    p[i] -= lr * gi / avg;
                }
            }
        }
    }

    private sealed class AdaGradReference(double lr, double lrDecay, double wd, double initial, double eps) : IReference
    {
        private double[]? _sum;
        private int _t;

        public void Step(double[] p, double[] g)
        {
            _sum ??= Enumerable.Repeat(initial, p.Length).ToArray();
            _t++;
            var clr = lr / (1 + ((_t - 1) * lrDecay));
            for (var i = 0; i < p.Length; i++)
            {
                var gi = g[i] + (wd * p[i]);
                _sum[i] += gi * gi;
                p[i] -= clr * gi / (Math.Sqrt(_sum[i]) + eps);
            }
        }
    }
}
