using NeuralSharp.Autograd;
using NeuralSharp.Data;
using NeuralSharp.Data.Transforms;
using NeuralSharp.Generative;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Demos;

/// <summary>One autoencoder of <see cref="AutoencoderDemo"/> and how it did.</summary>
/// <param name="Name">What it is, e.g. "dense, 2-unit code".</param>
/// <param name="Code">The bottleneck's size.</param>
/// <param name="Parameters">Its parameter count.</param>
/// <param name="TrainLoss">The training reconstruction MSE per epoch (for the denoiser: of its noisy inputs against the clean images).</param>
/// <param name="TestLoss">The test reconstruction MSE per epoch (clean inputs, or noisy ones for the denoiser).</param>
/// <param name="Reconstructions">Its reconstructions of <see cref="AutoencoderResult.Inputs"/> (or of the noisy ones for the denoiser).</param>
public sealed record AutoencoderRun(string Name, int Code, long Parameters, IReadOnlyList<double> TrainLoss, IReadOnlyList<double> TestLoss, IReadOnlyList<float[]> Reconstructions)
{
    /// <summary>The test reconstruction MSE after the last epoch.</summary>
    public double TestError => TestLoss[^1];
}

/// <summary>The variational autoencoder of <see cref="AutoencoderDemo"/> and how it did.</summary>
/// <param name="Parameters">Its parameter count.</param>
/// <param name="TrainBound">The mean negative evidence lower bound per training image (<see cref="Loss.Vae"/>, in nats) per epoch.</param>
/// <param name="TestLoss">The test reconstruction MSE per epoch, decoding each image's posterior mean.</param>
/// <param name="Reconstructions">Its reconstructions of <see cref="AutoencoderResult.Inputs"/>.</param>
/// <param name="Samples">New images: codes drawn from the prior N(0, I), decoded.</param>
public sealed record VaeRun(long Parameters, IReadOnlyList<double> TrainBound, IReadOnlyList<double> TestLoss, IReadOnlyList<float[]> Reconstructions, IReadOnlyList<float[]> Samples)
{
    /// <summary>The test reconstruction MSE after the last epoch.</summary>
    public double TestError => TestLoss[^1];
}

/// <summary>What <see cref="AutoencoderDemo.Run"/> measured.</summary>
/// <param name="TrainExamples">Images trained on.</param>
/// <param name="TestExamples">Test images scored.</param>
/// <param name="MeanImageError">The test MSE of predicting the training set's mean image for every test image.</param>
/// <param name="NoiseStd">The denoiser's noise level.</param>
/// <param name="Runs">The dense 2-unit autoencoder, the convolutional one and the convolutional denoiser.</param>
/// <param name="Vae">A variational autoencoder with a 2-D latent space, the dense one's size.</param>
/// <param name="Inputs">One test image of each class, as drawn beside the reconstructions.</param>
/// <param name="NoisyInputs">The same images with the denoiser's noise.</param>
/// <param name="Codes">The dense autoencoder's 2-D codes of the test images, [x, y] per image.</param>
/// <param name="CodeLabels">The test images' classes.</param>
/// <param name="ProbeOnCodes">A linear probe's test accuracy on the 2-D codes.</param>
/// <param name="ProbeOnProjections">A linear probe's test accuracy on 2 random projections of the pixels.</param>
public sealed record AutoencoderResult(
    int TrainExamples,
    int TestExamples,
    double MeanImageError,
    double NoiseStd,
    IReadOnlyList<AutoencoderRun> Runs,
    VaeRun Vae,
    IReadOnlyList<float[]> Inputs,
    IReadOnlyList<float[]> NoisyInputs,
    IReadOnlyList<double[]> Codes,
    IReadOnlyList<int> CodeLabels,
    double ProbeOnCodes,
    double ProbeOnProjections);

/// <summary>
/// Autoencoders on MNIST: a dense one squeezes each digit through 2 units, whose codes can be drawn and probed; a
/// convolutional one with a wider code reconstructs better; the same convolutional network trained on noisy inputs
/// against the clean images learns to remove the noise; and a variational one of the dense one's size can also draw
/// new digits from its prior. Against them all, the simplest reconstruction: the mean image.
/// </summary>
/// <remarks>A 2-unit code keeps what varies most between digits, which is mostly which digit it is: a linear probe on
/// those 2 numbers tells digits apart far better than one on 2 random projections of the same pixels.</remarks>
public static class AutoencoderDemo
{
    /// <summary>The names of <see cref="AutoencoderRun.Name"/>.</summary>
    public const string Dense = "dense", Convolutional = "convolutional", Denoising = "convolutional, denoising";

    /// <summary>Trains the three autoencoders, then codes, probes and reconstructs the test images.</summary>
    /// <param name="train">Training images (MNIST's training set); labels are used only by the probes.</param>
    /// <param name="test">Test images.</param>
    /// <param name="trainExamples">At most this many training images are used (the first ones, in a seeded order).</param>
    /// <param name="testExamples">At most this many test images are scored.</param>
    /// <param name="epochs">Passes over the training images for each autoencoder.</param>
    /// <param name="hidden">The dense autoencoder's hidden sizes.</param>
    /// <param name="convolutionalCode">The convolutional autoencoders' code size.</param>
    /// <param name="noiseStd">The denoiser's Gaussian noise level.</param>
    /// <param name="batchSize">Images per Adam step.</param>
    /// <param name="seed">Seeds the images drawn, the weights, the shuffling and the noise.</param>
    public static AutoencoderResult Run(
        ImageDataset train,
        ImageDataset test,
        int trainExamples = 10_000,
        int testExamples = 2_000,
        int epochs = 8,
        int[]? hidden = null,
        int convolutionalCode = 16,
        double noiseStd = 0.4,
        int batchSize = 64,
        int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        hidden ??= [256, 64];
        var shape = new ImageShape(1, train.Rows, train.Cols);
        var random = new Random(seed);
        var trainSet = train.Shuffle(random).Slice(0, Math.Min(trainExamples, train.Count));
        var testSet = test.Slice(0, Math.Min(testExamples, test.Count));
        var x = Tensor.FromArray(trainSet.Images, trainSet.Count, trainSet.PixelsPerImage);
        var xTest = Tensor.FromArray(testSet.Images, testSet.Count, testSet.PixelsPerImage);
        int[] yTrain = [.. trainSet.Labels.Select(l => (int)l)];
        int[] yTest = [.. testSet.Labels.Select(l => (int)l)];
        var meanImage = x.Mean(0, keepDim: true);
        var meanError = Loss.MeanSquaredError(Tensor.ZerosLike(xTest) + meanImage, xTest).ItemAsDouble();

        // One test image of each class (the first), for the picture.
        int[] shown = [.. Enumerable.Range(0, train.ClassCount).Select(c => Array.IndexOf(yTest, c)).Where(i => i >= 0)];
        var shownImages = Rows(xTest, shown);
        var noisyTest = DenoisingData.Pairs(xTest, shape, new GaussianNoise(noiseStd), seed + 1).GetBatch([.. Enumerable.Range(0, testSet.Count)]);

        var g = new Generator(seed);
        var dense = AutoencoderNetworks.Dense(trainSet.PixelsPerImage, hidden, 2, g);
        var denseRun = Train(Dense, dense, 2, new TensorDataset(x, x), new TensorDataset(xTest, xTest), xTest, shown, epochs, batchSize, seed);
        var conv = AutoencoderNetworks.Convolutional(shape, convolutionalCode, (8, 16), g);
        var convRun = Train(Convolutional, conv, convolutionalCode, new TensorDataset(x, x), new TensorDataset(xTest, xTest), xTest, shown, epochs, batchSize, seed);
        var denoiser = AutoencoderNetworks.Convolutional(shape, convolutionalCode, (8, 16), g);
        var noisyPairs = DenoisingData.Pairs(x, shape, new GaussianNoise(noiseStd), seed + 2);
        var denoiserRun = Train(Denoising, denoiser, convolutionalCode, noisyPairs, new TensorDataset(noisyTest.Inputs, xTest), noisyTest.Inputs, shown, epochs, batchSize, seed);

        var vae = AutoencoderNetworks.VariationalDense(trainSet.PixelsPerImage, hidden, 2, g);
        var vaeRun = TrainVae(vae, x, xTest, shown, epochs, batchSize, seed);

        var codes = Trainer.Predict(dense.Encoder, xTest);
        var trainCodes = Trainer.Predict(dense.Encoder, x);
        var probeCodes = LinearProbe.Accuracy(trainCodes, yTrain, codes, yTest, train.ClassCount, seed);
        var projection = Tensor.Randn([trainSet.PixelsPerImage, 2], generator: new Generator(seed + 3));
        var probeProjections = LinearProbe.Accuracy(x.MatMul(projection), yTrain, xTest.MatMul(projection), yTest, train.ClassCount, seed);
        var c = codes.ToDoubleArray();
        return new AutoencoderResult(
            trainSet.Count,
            testSet.Count,
            meanError,
            noiseStd,
            [denseRun, convRun, denoiserRun],
            vaeRun,
            shownImages,
            Rows(noisyTest.Inputs, shown),
            [.. Enumerable.Range(0, testSet.Count).Select(i => new[] { c[2 * i], c[(2 * i) + 1] })],
            yTest,
            probeCodes,
            probeProjections);
    }

    private static AutoencoderRun Train(string name, Autoencoder ae, int code, IDataset train, TensorDataset validation, Tensor shownFrom, int[] shown, int epochs, int batchSize, int seed)
    {
        var history = Trainer.Fit(ae, new MseLoss(), new Adam(ae.Parameters(), 2e-3), train, new FitOptions
        {
            Epochs = epochs,
            BatchSize = batchSize,
            Generator = new Generator(seed),
            Validation = validation,
            DetectAnomalies = false,
        });
        var reconstructions = Trainer.Predict(ae, shownFrom.IndexSelect(0, shown));
        return new AutoencoderRun(name, code, ae.ParameterCount, [.. history.Epochs.Select(e => e.TrainLoss)], [.. history.Epochs.Select(e => e.ValidationLoss ?? double.NaN)], Rows(reconstructions, [.. Enumerable.Range(0, shown.Length)]));
    }

    // A VAE returns three tensors, so it is trained by hand rather than by Fit.
    private static VaeRun TrainVae(VariationalAutoencoder vae, Tensor x, Tensor xTest, int[] shown, int epochs, int batchSize, int seed)
    {
        var adam = new Adam(vae.Parameters(), 2e-3);
        var loader = new DataLoader(new TensorDataset(x, x), batchSize, shuffle: true, generator: new Generator(seed));
        var arena = new TensorArena();
        var (bound, test) = (new List<double>(), new List<double>());
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            vae.Train();
            double sum = 0;
            foreach (var batch in loader)
            {
                adam.ZeroGrad();
                using (arena.Scope())
                {
                    var o = vae.Forward(batch.Inputs);
                    var loss = Loss.Vae(o.ReconstructionLogits, batch.Inputs, o.Mean, o.LogVariance);
                    loss.Backward();
                    sum += loss.ItemAsDouble() * batch.Count;
                }

                adam.Step();
            }

            bound.Add(sum / x.Size(0));
            test.Add(Loss.MeanSquaredError(Reconstruct(vae, xTest), xTest).ItemAsDouble());
        }

        using (GradMode.NoGrad())
        {
            var samples = vae.Generate(shown.Length);
            return new VaeRun(vae.ParameterCount, bound, test, Rows(Reconstruct(vae, xTest.IndexSelect(0, shown)), [.. Enumerable.Range(0, shown.Length)]), Rows(samples, [.. Enumerable.Range(0, shown.Length)]));
        }
    }

    // Evaluation mode decodes each posterior mean; the logits become pixels.
    private static Tensor Reconstruct(VariationalAutoencoder vae, Tensor images)
    {
        vae.Eval();
        using (GradMode.NoGrad())
        {
            return vae.Forward(images).ReconstructionLogits.Sigmoid();
        }
    }

    private static float[][] Rows(Tensor images, int[] indices) => [.. indices.Select(i => images.Narrow(0, i, 1).ToArray())];
}
