namespace NeuralSharp.Data;

/// <summary>Shared loading logic of the MNIST-format data sets: fetch and verify into the cache, then parse.</summary>
internal static class IdxDatasetLoader
{
    public static async Task<ImageDataset> LoadAsync(
        DatasetSpec spec,
        bool train,
        string? cacheRoot,
        IProgress<DataProgress>? progress,
        CancellationToken cancellationToken,
        Func<DatasetSpec, string, DatasetFetcher>? createFetcher = null)
    {
        string root = DataCache.ResolveRoot(cacheRoot);
        DatasetFetcher fetcher = createFetcher?.Invoke(spec, root) ?? new DatasetFetcher(spec, root, progress);
        string folder = await fetcher.EnsureAsync(cancellationToken).ConfigureAwait(false);
        IdxFileSpec imagesSpec = train ? spec.TrainImages : spec.TestImages;
        IdxFileSpec labelsSpec = train ? spec.TrainLabels : spec.TestLabels;
        IdxFile images = IdxReader.Read(Path.Combine(folder, imagesSpec.Name));
        IdxFile labels = IdxReader.Read(Path.Combine(folder, labelsSpec.Name));
        return ImageDataset.FromIdx(images, labels, spec.ClassCount, spec.ClassNames);
    }
}
