using BenchmarkDotNet.Attributes;
using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// LeNet-5 on 28x28 images (as <c>neuralsharp train --model lenet</c> builds it): one training step at batch 64
/// (zero grad, forward, cross-entropy, backward, Adam) on 1 and 2 threads. bench/pytorch/mnist_cnn.py times
/// the same network's epochs and inference; an epoch of MNIST is 938 of these steps.
/// </summary>
[Config(typeof(StepConfig))]
[MemoryDiagnoser]
public class LeNetStepBenchmarks
{
    /// <summary>Examples per step, the batch of the benchmark.</summary>
    public const int Batch = 64;

    private Sequential model = null!;
    private Tensor inputs = null!;
    private int[] labels = null!;
    private Adam optimizer = null!;
    private readonly TensorArena arena = new();
    private readonly CrossEntropyLoss loss = new();

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = Threads;
        var generator = new Generator(1);
        model = LeNetInference.Build(generator);
        optimizer = new Adam(model.Parameters(), 1e-3);
        inputs = Tensor.Rand([Batch, 784], generator: generator);
        labels = [.. Enumerable.Range(0, Batch).Select(_ => generator.NextInt(10))];
    }

    [Benchmark]
    public float Step()
    {
        optimizer.ZeroGrad();
        float value;
        using (arena.Scope())
        {
            var l = loss.Compute(model.Forward(inputs), labels);
            value = l.Item();
            l.Backward();
        }

        optimizer.Step();
        return value;
    }
}

/// <summary>LeNet-5 inference in evaluation mode under GradMode.NoGrad: one image (latency) and a batch of 256, on 1 and 2 threads.</summary>
[Config(typeof(StepConfig))]
[MemoryDiagnoser]
public class LeNetInference
{
    private Sequential model = null!;
    private Tensor inputs = null!;

    [Params(1, 256)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>LeNet-5 over flat 784-pixel rows, as the CLI's recipe builds it.</summary>
    public static Sequential Build(Generator generator) => new(new Unflatten(1, [1, 28, 28]), Models.LeNet5(10, generator));

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = Threads;
        var generator = new Generator(1);
        model = Build(generator);
        model.Eval();
        inputs = Tensor.Rand([Batch, 784], generator: generator);
    }

    [Benchmark]
    public Tensor Forward()
    {
        using (GradMode.NoGrad())
        {
            return model.Forward(inputs);
        }
    }
}
