namespace NeuralSharp.Data;

/// <summary>
/// Fashion-MNIST (Zalando): 60,000 training and 10,000 test images of clothing, 28 x 28 pixels, 10 classes,
/// in the same format as MNIST (loaded through <see cref="MnistFormat{TDataset}"/>: <c>FashionMnist.LoadTrain()</c>).
/// Files are cached under <see cref="DataCache.ResolveRoot"/>/<c>fashion-mnist</c> and verified by the SHA-256 of their uncompressed bytes on every load.
/// </summary>
/// <remarks>
/// When the cache lacks a file it is fetched from the public mirrors used by common frameworks (downloads are
/// also checked against the SHA-256 Zalando publishes for the .gz files), then taken from the Debian package
/// <c>dataset-fashion-mnist</c> when it is installed; otherwise a <see cref="DatasetUnavailableException"/>
/// says which files to put where.
/// </remarks>
public sealed class FashionMnist : MnistFormat<FashionMnist>
{
    /// <summary>Subfolder of the cache root that holds the files.</summary>
    public const string CacheFolder = "fashion-mnist";

    /// <summary>Class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    // The uncompressed pins were computed from the Debian package's files (which Debian recompressed, so their .gz
    // hashes differ from Zalando's) and agree with the raw hashes other projects derived from Zalando's archives.
    internal static readonly DatasetSpec Spec = new(
        "Fashion-MNIST",
        CacheFolder,
        new("train-images-idx3-ubyte", 47_040_016, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
        new("train-labels-idx1-ubyte", 60_008, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
        new("t10k-images-idx3-ubyte", 7_840_016, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
        new("t10k-labels-idx1-ubyte", 10_008, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
        [
            "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",

            // Zalando's own bucket only serves plain HTTP; the SHA-256 pins make that safe.
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        ],
        NpmPackage: null,
        LocalPackageFolder: OperatingSystem.IsLinux() ? "/usr/share/datasets/fashion-mnist" : null,
        ClassCount: 10,
        ClassNames: ClassNames);

    /// <summary>Not needed by callers, whose entry points are static; <see cref="MnistFormat{TDataset}"/> creates one to read the description.</summary>
    public FashionMnist()
    {
    }

    /// <inheritdoc/>
    private protected override DatasetSpec Describe() => Spec;
}
