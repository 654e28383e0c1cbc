namespace NeuralSharp.Data;

/// <summary>
/// What every MNIST-format data set offers (60,000 training and 10,000 test images in IDX files): fetching into
/// and verifying the cache, and loading either split. <see cref="Mnist"/> and <see cref="FashionMnist"/> only
/// describe their files and sources; call these members through them, as <c>Mnist.LoadTrain()</c>.
/// </summary>
/// <typeparam name="TDataset">The data set, which describes its pinned files and sources.</typeparam>
public abstract class MnistFormat<TDataset>
    where TDataset : MnistFormat<TDataset>, new()
{
    // One description per data set, taken from the derived class once.
    private static readonly DatasetSpec Spec = new TDataset().Describe();

    private protected MnistFormat()
    {
    }

    /// <summary>Makes sure all four files are cached and verified, fetching them if needed.</summary>
    /// <param name="cacheRoot">Cache root, or <see langword="null"/> for <see cref="DataCache.ResolveRoot"/>'s default.</param>
    /// <param name="progress">Receives download and extraction progress.</param>
    /// <param name="cancellationToken">Cancels fetching.</param>
    /// <returns>The folder holding the files.</returns>
    /// <exception cref="DatasetUnavailableException">A file could not be obtained.</exception>
    public static Task<string> EnsureAsync(string? cacheRoot = null, IProgress<DataProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new DatasetFetcher(Spec, DataCache.ResolveRoot(cacheRoot), progress).EnsureAsync(cancellationToken);

    /// <summary>Loads the 60,000 training images.</summary>
    /// <param name="cacheRoot">Cache root, or <see langword="null"/> for the default.</param>
    /// <param name="progress">Receives download and extraction progress.</param>
    /// <param name="cancellationToken">Cancels fetching.</param>
    /// <returns>The training set, pixels scaled to [0, 1].</returns>
    /// <exception cref="DatasetUnavailableException">A file could not be obtained.</exception>
    public static Task<ImageDataset> LoadTrainAsync(string? cacheRoot = null, IProgress<DataProgress>? progress = null, CancellationToken cancellationToken = default) =>
        IdxDatasetLoader.LoadAsync(Spec, train: true, cacheRoot, progress, cancellationToken);

    /// <summary>Loads the 10,000 test images.</summary>
    /// <param name="cacheRoot">Cache root, or <see langword="null"/> for the default.</param>
    /// <param name="progress">Receives download and extraction progress.</param>
    /// <param name="cancellationToken">Cancels fetching.</param>
    /// <returns>The test set, pixels scaled to [0, 1].</returns>
    /// <exception cref="DatasetUnavailableException">A file could not be obtained.</exception>
    public static Task<ImageDataset> LoadTestAsync(string? cacheRoot = null, IProgress<DataProgress>? progress = null, CancellationToken cancellationToken = default) =>
        IdxDatasetLoader.LoadAsync(Spec, train: false, cacheRoot, progress, cancellationToken);

    /// <summary>Synchronous <see cref="LoadTrainAsync"/>, for console programs.</summary>
    /// <param name="cacheRoot">Cache root, or <see langword="null"/> for the default.</param>
    /// <param name="progress">Receives download and extraction progress.</param>
    /// <returns>The training set.</returns>
    public static ImageDataset LoadTrain(string? cacheRoot = null, IProgress<DataProgress>? progress = null) =>
        LoadTrainAsync(cacheRoot, progress).GetAwaiter().GetResult();

    /// <summary>Synchronous <see cref="LoadTestAsync"/>, for console programs.</summary>
    /// <param name="cacheRoot">Cache root, or <see langword="null"/> for the default.</param>
    /// <param name="progress">Receives download and extraction progress.</param>
    /// <returns>The test set.</returns>
    public static ImageDataset LoadTest(string? cacheRoot = null, IProgress<DataProgress>? progress = null) =>
        LoadTestAsync(cacheRoot, progress).GetAwaiter().GetResult();

    /// <summary>The data set's pinned files and the sources to fetch them from.</summary>
    private protected abstract DatasetSpec Describe();
}
