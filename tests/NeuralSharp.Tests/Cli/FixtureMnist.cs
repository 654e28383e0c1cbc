using NeuralSharp.Cli.Setup;
using NeuralSharp.Data;

namespace NeuralSharp.Tests.Cli;

/// <summary>
/// Makes <c>--dataset mnist</c> in the commands a test runs read the 100 MNIST test images of the fixture, as both the
/// training and the test set, instead of the cached download (whose SHA-256 pins a small fixture cannot match); disposing
/// restores the real files.
/// </summary>
internal sealed class FixtureMnist : IDisposable
{
    private readonly Func<string, (ImageDataset Train, ImageDataset Test)?>? _previous;

    public FixtureMnist()
    {
        var images = Read("images-idx3");
        var labels = Read("labels-idx1");
        Images = ImageDataset.FromIdx(images, labels);
        _previous = DataSource.BuiltInOverride.Value;
        DataSource.BuiltInOverride.Value = name => name == "mnist" ? (Images, Images) : null;
    }

    /// <summary>The fixture's images, as the commands see them.</summary>
    public ImageDataset Images { get; }

    public void Dispose() => DataSource.BuiltInOverride.Value = _previous;

    private static IdxFile Read(string kind) =>
        IdxReader.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", $"mnist-t10k-first100-{kind}-ubyte.gz"));
}
