using BenchmarkDotNet.Running;
using NeuralSharp.Benchmarks;

// "alloc", "profile", "lstm" and "csv" are plain console modes; anything else goes to BenchmarkDotNet.
if (!StepProfiler.TryRun(args) && !CsvReadBenchmark.TryRun(args) && !LstmStepProfiler.TryRun(args))
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
