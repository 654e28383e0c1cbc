using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Optim;

namespace NeuralSharp.Nn;

/// <summary>
/// An echo state network (Jaeger, 2001): a fixed random recurrent reservoir
/// x(t) = (1 - a) x(t-1) + a tanh(W_in u(t) + b_in + W x(t-1)), read out linearly, y(t) = W_out [x(t); u(t)] + b_out.
/// Only the readout is trained: in closed form by ridge regression (<see cref="FitRidge"/>) or by gradient descent
/// (<see cref="FitGradientDescent"/>). W is sparse (<see cref="EchoStateNetworkConfig.Density"/>) and rescaled so that
/// its spectral radius (largest absolute eigenvalue, <see cref="Eigenvalues.SpectralRadius(Tensor)"/>) is
/// <see cref="EchoStateNetworkConfig.SpectralRadius"/>. <c>y = esn.Forward(u)</c> with u [T, N, input]
/// ([N, T, input] batch-first, or unbatched [T, input]) gives y in the same layout; every sequence starts from x(0) = 0.
/// </summary>
/// <remarks>The reservoir (weight_in [reservoir, input], bias_in [reservoir], weight [reservoir, reservoir]) is made of
/// buffers: saved with the model, never trained. The readout weight_out [output, reservoir + input] and bias_out [output]
/// are the parameters.</remarks>
public sealed class EchoStateNetwork : Module, IConfigurable<EchoStateNetwork, EchoStateNetworkConfig>
{
    /// <summary>Draws the reservoir from <paramref name="generator"/> (or <see cref="Generator.Default"/>) and rescales it to the spectral radius.</summary>
    /// <exception cref="ArgumentException">The drawn recurrent matrix has no non-zero eigenvalue (raise the density), while a positive radius was asked for.</exception>
    public EchoStateNetwork(EchoStateNetworkConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        var g = generator ?? Generator.Default;
        int r = config.ReservoirSize, n = config.InputSize;
        Init.Uniform(CreateBuffer("weight_in", [r, n]), g, -config.InputScaling, config.InputScaling);
        Init.Uniform(CreateBuffer("bias_in", [r]), g, -config.InputScaling, config.InputScaling);
        var w = new double[r * r];
        for (var i = 0; i < w.Length; i++)
        {
            // Both draws always happen, so the pattern and the values come from the generator in a fixed order.
            var keep = g.NextDouble() < config.Density;
            var value = (2 * g.NextDouble()) - 1;
            w[i] = keep ? value : 0;
        }

        var radius = Eigenvalues.SpectralRadius(w, r);
        if (config.SpectralRadius > 0)
        {
            if (radius < 1e-12)
            {
                throw new ArgumentException($"echostatenetwork: the drawn {r} x {r} recurrent matrix of density {config.Density} has no non-zero eigenvalue, so it cannot be rescaled to spectral radius {config.SpectralRadius}; raise the density or the reservoir size");
            }

            for (var i = 0; i < w.Length; i++)
            {
                w[i] *= config.SpectralRadius / radius;
            }
        }
        else
        {
            Array.Clear(w);
        }

        CreateBuffer("weight", [r, r]).CopyFrom(Tensor.FromArray(w, r, r));
        var bound = 1 / Math.Sqrt(r + n);
        Init.Uniform(CreateParameter("weight_out", [config.OutputSize, r + n]), g, -bound, bound);
        Init.Uniform(CreateParameter("bias_out", [config.OutputSize]), g, -bound, bound);
    }

    /// <summary>Creates the network from its sizes and settings; see <see cref="EchoStateNetworkConfig"/>.</summary>
    public EchoStateNetwork(int inputSize, int reservoirSize, int outputSize, double spectralRadius = 0.9, double density = 0.1, double inputScaling = 1, double leakRate = 1, int washout = 0, bool batchFirst = false, Generator? generator = null)
        : this(new EchoStateNetworkConfig(inputSize, reservoirSize, outputSize, spectralRadius, density, inputScaling, leakRate, washout, batchFirst), generator)
    {
    }

    /// <inheritdoc/>
    public EchoStateNetworkConfig Config { get; }

    /// <summary>The fixed recurrent weights W [reservoir, reservoir].</summary>
    public Tensor Weight => GetBuffer("weight");

    /// <summary>The readout weights W_out [output, reservoir + input].</summary>
    public Tensor WeightOut => GetParameter("weight_out");

    /// <summary>The readout bias b_out [output].</summary>
    public Tensor BiasOut => GetParameter("bias_out");

    /// <inheritdoc/>
    public static EchoStateNetwork Create(EchoStateNetworkConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var (features, unbatched) = Features(input);
        var y = Tensor.Linear(features, WeightOut, BiasOut);
        return Sequences.Output(y, unbatched, Config.BatchFirst);
    }

    /// <summary>The reservoir states x(1..T) for the input, in the input's layout ([T, N, reservoir] time-first).</summary>
    public Tensor States(Tensor input)
    {
        var (x, unbatched) = Sequences.Input("echostatenetwork", input, Config.InputSize, Config.BatchFirst);
        return Sequences.Output(RunReservoir(x), unbatched, Config.BatchFirst);
    }

    /// <summary>
    /// Fits the readout in closed form: W_out, b_out = argmin sum ||y(t) - target(t)||^2 + ridge ||W_out||^2 over every
    /// step after the washout, that is (F^T F + ridge I) [W_out b_out]^T = F^T Y with F the rows [x(t), u(t), 1] (the bias is
    /// not penalised). Returns the mean squared error of the fitted readout on those steps.
    /// </summary>
    /// <param name="inputs">The input sequences, in the network's layout.</param>
    /// <param name="targets">The targets y(t), [T, N, output] (or the network's layout).</param>
    /// <param name="ridge">The ridge penalty, at least 0.</param>
    public double FitRidge(Tensor inputs, Tensor targets, double ridge = 1e-6)
    {
        if (!(ridge >= 0) || !double.IsFinite(ridge))
        {
            throw new ArgumentOutOfRangeException(nameof(ridge), $"echostatenetwork: the ridge penalty must be finite and at least 0, got {ridge}");
        }

        var (f, y) = FitRows(inputs, targets);
        int rows = f.Size(0), d = f.Size(1) + 1, outputs = y.Size(1);
        var withOne = Tensor.Concat([f, Tensor.Ones([rows, 1], DType.Float64)], 1);
        var gram = withOne.T.MatMul(withOne).ToDoubleArray();
        for (var i = 0; i < d - 1; i++)
        {
            gram[(i * d) + i] += ridge;
        }

        var rhs = withOne.T.MatMul(y).ToDoubleArray();
        var solution = LeastSquares.SolveDense(Tensor.FromArray(gram, d, d), Tensor.FromArray(rhs, d, outputs)).ToDoubleArray();

        // solution is [d, outputs]; the readout is its transpose without the last row, which is the bias.
        var w = new double[outputs * (d - 1)];
        var b = new double[outputs];
        for (var o = 0; o < outputs; o++)
        {
            for (var i = 0; i < d - 1; i++)
            {
                w[(o * (d - 1)) + i] = solution[(i * outputs) + o];
            }

            b[o] = solution[((d - 1) * outputs) + o];
        }

        using (GradMode.NoGrad())
        {
            WeightOut.CopyFrom(Tensor.FromArray(w, outputs, d - 1).To(WeightOut.DType));
            BiasOut.CopyFrom(Tensor.FromArray(b, outputs).To(BiasOut.DType));
            return Loss.MeanSquaredError(Tensor.Linear(f.To(WeightOut.DType), WeightOut, BiasOut), y.To(WeightOut.DType)).ItemAsDouble();
        }
    }

    /// <summary>
    /// Fits the readout by full-batch gradient descent (Adam) on the mean squared error over every step after the
    /// washout; the reservoir states are computed once and not differentiated. Returns the last step's loss.
    /// </summary>
    public double FitGradientDescent(Tensor inputs, Tensor targets, int steps = 500, double learningRate = 1e-2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var (f, y) = FitRows(inputs, targets);
        f = f.To(WeightOut.DType);
        y = y.To(WeightOut.DType);
        var optimizer = new Adam([WeightOut, BiasOut], learningRate);
        var value = double.NaN;
        for (var s = 0; s < steps; s++)
        {
            optimizer.ZeroGrad();
            var loss = Loss.MeanSquaredError(Tensor.Linear(f, WeightOut, BiasOut), y);
            value = loss.ItemAsDouble();
            loss.Backward();
            optimizer.Step();
        }

        return value;
    }

    /// <summary>The time-first readout features [x(t), u(t)], [T, N, reservoir + input], and whether the input was unbatched.</summary>
    private (Tensor Features, bool Unbatched) Features(Tensor input)
    {
        var (x, unbatched) = Sequences.Input("echostatenetwork", input, Config.InputSize, Config.BatchFirst);
        return (Tensor.Concat([RunReservoir(x), x], 2), unbatched);
    }

    private Tensor RunReservoir(Tensor x)
    {
        var a = Config.LeakRate;
        var projected = SimpleRecurrence.Project(x, GetBuffer("weight_in"), GetBuffer("bias_in"));
        var w = Weight;
        var state = Tensor.Zeros([x.Size(1), Config.ReservoirSize], x.DType);
        var states = new Tensor[x.Size(0)];
        for (var t = 0; t < states.Length; t++)
        {
            var candidate = (projected[t] + Tensor.Linear(state, w)).Tanh();
            state = a == 1 ? candidate : (state * (1 - a)) + (candidate * a);
            states[t] = state;
        }

        return Tensor.Stack(states, 0);
    }

    /// <summary>The rows [x(t), u(t)] and targets of every step after the washout, in float64, [rows, reservoir + input] and [rows, output].</summary>
    private (Tensor Features, Tensor Targets) FitRows(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        Tensor features;
        using (GradMode.NoGrad())
        {
            features = Features(inputs).Features;
        }

        // An unbatched [T, output] target becomes [T, 1, output], as the input does.
        var (y, _) = Sequences.Input("echostatenetwork", targets, Config.OutputSize, Config.BatchFirst);

        if (y.Size(0) != features.Size(0) || y.Size(1) != features.Size(1))
        {
            throw new ArgumentException($"echostatenetwork: the input {inputs.Shape} needs targets of {features.Size(0)} steps and {features.Size(1)} sequences with {Config.OutputSize} outputs, got {targets.Shape}");
        }

        var steps = features.Size(0) - Config.Washout;
        if (steps < 1)
        {
            throw new ArgumentException($"echostatenetwork: a washout of {Config.Washout} steps leaves nothing of sequences of {features.Size(0)} steps to fit");
        }

        var n = features.Size(1);
        var f = features.Narrow(0, Config.Washout, steps).Contiguous().Reshape(steps * n, features.Size(2)).Detach().Double();
        var t = y.Narrow(0, Config.Washout, steps).Contiguous().Reshape(steps * n, Config.OutputSize).Detach().Double();
        return (f, t);
    }
}
