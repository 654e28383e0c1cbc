using BenchmarkDotNet.Running;
using NeuralSharp.Benchmarks;

// "alloc", "profile", "lstm", "lenet", "browser-step", "mlp-inference", "lenet-inference", "course" and "csv" are plain console modes; anything else
// goes to BenchmarkDotNet.
if (!StepProfiler.TryRun(args) && !CsvReadBenchmark.TryRun(args) && !LstmStepProfiler.TryRun(args) && !LeNetStepProfiler.TryRun(args)
    && !BrowserStepBenchmark.TryRun(args) && !MlpInferenceBenchmark.TryRun(args) && !CourseStepProfiler.TryRun(args))
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
