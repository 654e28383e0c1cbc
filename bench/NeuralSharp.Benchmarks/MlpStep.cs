using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// One training step of the CLI's default network, a 784-512-256-10 ReLU MLP with cross-entropy and
/// Adam (lr 1e-3), on a fixed random batch: the unit of work that TrainingStepBenchmarks, the
/// <c>alloc</c> and <c>profile</c> console modes and bench/pytorch/mlp_step.py all time.
/// </summary>
public sealed class MlpStep
{
    /// <summary>The layer widths, input to output.</summary>
    public static readonly int[] Sizes = [784, 512, 256, 10];

    private readonly CrossEntropyLoss loss = new();
    private readonly TensorArena arena = new();

    /// <summary>Builds the network (PyTorch-style default initialisation from a fixed seed) and a random batch.</summary>
    public MlpStep(int batch, int seed = 1)
    {
        var generator = new Generator(seed);
        Model = Build(generator);
        Inputs = Tensor.Rand([batch, Sizes[0]], generator: generator);
        Labels = new int[batch];
        for (var i = 0; i < batch; i++)
        {
            Labels[i] = generator.NextInt(Sizes[^1]);
        }

        Optimizer = new Adam(Model.Parameters(), learningRate: 1e-3);
    }

    /// <summary>The network.</summary>
    public Sequential Model { get; }

    /// <summary>The batch of inputs, [batch, 784] uniform in [0, 1).</summary>
    public Tensor Inputs { get; }

    /// <summary>One class label per example.</summary>
    public int[] Labels { get; }

    /// <summary>Adam over the model's parameters.</summary>
    public Adam Optimizer { get; }

    /// <summary>The 784-512-256-10 ReLU network, logits out, as the CLI builds it.</summary>
    public static Sequential Build(Generator generator) =>
    [
        new Linear(Sizes[0], Sizes[1], generator: generator),
        new ReLU(),
        new Linear(Sizes[1], Sizes[2], generator: generator),
        new ReLU(),
        new Linear(Sizes[2], Sizes[3], generator: generator),
    ];

    /// <summary>
    /// Zero grad, forward, loss, backward inside an arena scope (as Trainer.Fit does), then the Adam
    /// step outside it. Returns the loss.
    /// </summary>
    public float StepWithArena()
    {
        Optimizer.ZeroGrad();
        float value;
        using (arena.Scope())
        {
            var output = Model.Forward(Inputs);
            var l = loss.Compute(output, Labels);
            value = l.Item();
            l.Backward();
        }

        Optimizer.Step();
        return value;
    }

    /// <summary>The same step with every tensor freshly allocated (a hand-written loop without an arena).</summary>
    public float StepWithoutArena()
    {
        Optimizer.ZeroGrad();
        var output = Model.Forward(Inputs);
        var l = loss.Compute(output, Labels);
        var value = l.Item();
        l.Backward();
        Optimizer.Step();
        return value;
    }

    /// <summary>Runs the step <paramref name="count"/> times.</summary>
    public void Run(bool useArena, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _ = useArena ? StepWithArena() : StepWithoutArena();
        }
    }

    /// <summary>
    /// Bytes allocated per warm step, averaged over <paramref name="steps"/> steps after
    /// <paramref name="warmup"/>: on the calling thread (GC.GetAllocatedBytesForCurrentThread) and in the
    /// whole process (GC.GetTotalAllocatedBytes(precise: true), which includes worker threads), plus
    /// the garbage collections of each generation during the measured steps.
    /// </summary>
    public AllocationReport MeasureAllocations(bool useArena, int warmup = 20, int steps = 200)
    {
        Run(useArena, warmup);
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var thread = GC.GetAllocatedBytesForCurrentThread();
        var total = GC.GetTotalAllocatedBytes(precise: true);
        Run(useArena, steps);
        var threadBytes = GC.GetAllocatedBytesForCurrentThread() - thread;
        var totalBytes = GC.GetTotalAllocatedBytes(precise: true) - total;
        return new AllocationReport(
            (double)threadBytes / steps,
            (double)totalBytes / steps,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2,
            steps);
    }
}

/// <summary>Allocation per warm step and the collections seen while measuring it.</summary>
/// <param name="ThreadBytesPerStep">Bytes allocated by the calling thread per step.</param>
/// <param name="ProcessBytesPerStep">Bytes allocated by all threads per step.</param>
/// <param name="Gen0">Gen-0 collections during the measured steps.</param>
/// <param name="Gen1">Gen-1 collections during the measured steps.</param>
/// <param name="Gen2">Gen-2 collections during the measured steps.</param>
/// <param name="Steps">Measured steps.</param>
public sealed record AllocationReport(double ThreadBytesPerStep, double ProcessBytesPerStep, int Gen0, int Gen1, int Gen2, int Steps)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{ThreadBytesPerStep,12:N0} B/step (this thread) {ProcessBytesPerStep,12:N0} B/step (process)  GCs in {Steps} steps: gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2}");
}
