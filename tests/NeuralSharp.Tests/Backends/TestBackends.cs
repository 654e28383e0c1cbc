using System.Runtime.CompilerServices;
using NeuralSharp.Backends;
using NeuralSharp.Backends.Cpu;

namespace NeuralSharp.Tests.Backends;

/// <summary>
/// The backends the tests know. The whole suite runs on the backend named by the environment variable
/// NEURALSHARP_TEST_BACKEND (default "cpu"); <see cref="BackendConformanceTests"/> runs on every one.
/// A new backend is added to <see cref="All"/>.
/// </summary>
internal static class TestBackends
{
    public static IReadOnlyDictionary<string, IBackend> All { get; } = new Dictionary<string, IBackend>
    {
        ["cpu"] = CpuBackend.Instance,
    };

    public static TheoryData<string> Names => [.. All.Keys];

    [ModuleInitializer]
    internal static void SelectFromEnvironment()
    {
        var name = Environment.GetEnvironmentVariable("NEURALSHARP_TEST_BACKEND");
        if (!string.IsNullOrEmpty(name))
        {
            Backend.Default = All.TryGetValue(name, out var backend)
                ? backend
                : throw new InvalidOperationException($"NEURALSHARP_TEST_BACKEND={name}: no such backend; known: {string.Join(", ", All.Keys)}");
        }
    }
}
