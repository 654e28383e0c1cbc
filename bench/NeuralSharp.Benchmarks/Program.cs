using BenchmarkDotNet.Running;
using NeuralSharp.Benchmarks;

// "alloc" and "profile" are plain console modes; anything else goes to BenchmarkDotNet.
if (!StepProfiler.TryRun(args))
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
