using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralSharp.Optim;
using NeuralSharp.Optim.Schedulers;
using NeuralSharp.Tests.IO;
using Xunit.Abstractions;

namespace NeuralSharp.Tests.Optim;

/// <summary>
/// Cross-checks every optimiser and scheduler with PyTorch itself (tests/python/optim_torch_reference.py)
/// on the same numbers; skipped, with the reason shown, when /usr/bin/python3 cannot import torch.
/// </summary>
public sealed class TorchOptimizerTests(ITestOutputHelper output) : IDisposable
{
    private const int Steps = 4;
    private static readonly int[] Sizes = [3, 37];
    private static readonly double[] Metrics = [1.0, 0.8, 0.8, 0.79, 0.8, 0.8, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7];

    private static readonly Dictionary<string, (Func<Optimizer, object> Create, string Torch)> Schedulers = new()
    {
        ["step"] = (o => new StepLR(o, stepSize: 2, gamma: 0.3), "torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.3)"),
        ["exponential"] = (o => new ExponentialLR(o, gamma: 0.8), "torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.8)"),
        ["cosine"] = (o => new CosineAnnealingLR(o, maxEpochs: 5, minLearningRate: 0.01), "torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=5, eta_min=0.01)"),
        ["plateau"] = (o => new ReduceLROnPlateau(o, factor: 0.5, patience: 1, cooldown: 1, minLearningRate: 0.2), "torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=1, cooldown=1, min_lr=0.2)"),
        ["plateau-max-abs"] = (o => new ReduceLROnPlateau(o, mode: PlateauMode.Max, patience: 0, threshold: 0.05, thresholdMode: ThresholdMode.Absolute), "torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='max', patience=0, threshold=0.05, threshold_mode='abs')"),
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("ns-optim-torch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PythonFact(requireTorch: true)]
    public void MatchesPyTorch()
    {
        var initial = Sizes.Select(n => Enumerable.Range(0, n).Select(OptimizerCases.Initial).ToArray()).ToArray();
        var gradients = Enumerable.Range(0, Steps)
            .Select(t => Sizes.Select((n, k) => Enumerable.Range(0, n).Select(i => OptimizerCases.Gradient(i + k, t)).ToArray()).ToArray())
            .ToArray();
        var spec = new
        {
            initial,
            gradients,
            optimizers = OptimizerCases.All.Where(c => c.Torch is not null).ToDictionary(c => c.Name, c => c.Torch),
            schedulers = Schedulers.ToDictionary(s => s.Key, s => s.Value.Torch),
            metrics = Metrics,
        };
        var specPath = Path.Combine(_dir, "spec.json");
        File.WriteAllText(specPath, JsonSerializer.Serialize(spec));
        var torch = JsonNode.Parse(RunScript(specPath))!;

        var failures = new List<string>();
        foreach (var c in OptimizerCases.All.Where(c => c.Torch is not null))
        {
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            {
                var expected = torch["optimizers"]![$"{c.Name}/{(dtype == DType.Float32 ? "float32" : "float64")}"]!;
                var ps = initial.Select(v => Tensor.FromArray(v).To(dtype).RequireGrad()).ToArray();
                var optimizer = c.Create(ps);
                for (var t = 0; t < Steps; t++)
                {
                    for (var k = 0; k < ps.Length; k++)
                    {
                        ps[k].Grad = Tensor.FromArray(gradients[t][k]).To(dtype);
                    }

                    optimizer.Step();
                    for (var k = 0; k < ps.Length; k++)
                    {
                        var actual = ps[k].ToDoubleArray();
                        var want = expected[t]![k]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
                        var worst = actual.Zip(want, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(b))).Max();
                        if (worst > (dtype == DType.Float32 ? 2e-6 : 1e-13))
                        {
                            failures.Add($"{c.Name} {dtype} step {t + 1} parameter {k}: differs from torch by {worst:G3}");
                        }
                    }
                }
            }
        }

        foreach (var (name, (create, _)) in Schedulers)
        {
            var optimizer = new SGD([Tensor.Zeros([1]).RequireGrad()], learningRate: 1.0);
            var scheduler = create(optimizer);
            var want = torch["schedulers"]![name]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
            for (var e = 0; e < Metrics.Length; e++)
            {
                if (scheduler is ReduceLROnPlateau plateau)
                {
                    plateau.Step(Metrics[e]);
                }
                else
                {
                    ((LRScheduler)scheduler).Step();
                }

                if (Math.Abs(optimizer.LearningRate - want[e]) > 1e-12)
                {
                    failures.Add($"{name} epoch {e + 1}: lr {optimizer.LearningRate} vs torch {want[e]}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private string RunScript(string specPath)
    {
        var script = FindScript();
        using var process = Process.Start(new ProcessStartInfo(PythonFactAttribute.Python, [script, specPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill();
            Assert.Fail("the torch reference script timed out");
        }

        output.WriteLine(stderr.Result);
        Assert.True(process.ExitCode == 0, $"python exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "python", "optim_torch_reference.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/python/optim_torch_reference.py not found above " + AppContext.BaseDirectory);
    }
}
