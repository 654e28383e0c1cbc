using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.Cli;

/// <summary>
/// The base of command tests that train on MNIST: <c>mnist</c> means the 100-image fixture (<see cref="FixtureMnist"/>)
/// for the test's lifetime, and <see cref="Dir"/> is a scratch folder removed afterwards.
/// </summary>
public abstract class FixtureMnistCommandTests : IDisposable
{
    /// <summary>The scratch folder for model files, outputs and logs.</summary>
    internal TempDirectory Dir { get; } = new();

    /// <summary>The fixture images that stand in for MNIST.</summary>
    internal FixtureMnist Mnist { get; } = new();

    public void Dispose()
    {
        Mnist.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
