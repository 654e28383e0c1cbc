using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using NeuralSharp.Autograd;
using NeuralSharp.Data;
using NeuralSharp.IO;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Playground.Rendering;

namespace NeuralSharp.Playground.Pages;

/// <summary>
/// A drawing pad classified live by a LeNet-5 model shipped with the app (loaded from bytes), and a small network trained
/// in the page on an MNIST subset shipped with it (ConvNetJS's demo, on NeuralSharp).
/// </summary>
public partial class Digits : IDisposable
{
    private const int Pad = 280;
    private const double PenRadius = 10;
    private const int GridSize = 24;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly List<List<(double X, double Y)>> strokes = [];
    private readonly List<double> trainLosses = [];
    private Module? model;
    private string status = "loading the model…";
    private string preparedImage = BitmapImage.DataUrl(new float[28 * 28], 28, v => v, BitmapImage.Grey);
    private List<(int Digit, double Probability)> top = [];
    private List<(string Image, int Predicted, int Label)> testGrid = [];
    private TensorDataset? trainData;
    private TensorDataset? testData;
    private Sequential? student;
    private Adam? optimizer;
    private bool drawing;
    private bool training;
    private bool disposed;
    private double trainEpochs;
    private double trainAccuracy;

    [Inject]
    private HttpClient Http { get; set; } = null!;

    /// <inheritdoc/>
    public void Dispose()
    {
        disposed = true;
        training = false;
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    protected override async Task OnInitializedAsync()
    {
        try
        {
            using var bytes = new MemoryStream(await Http.GetByteArrayAsync("models/lenet.safetensors"));
            model = Model.Load(bytes, "models/lenet.safetensors").Eval();
        }
        catch (Exception e) when (e is HttpRequestException or ModelFormatException)
        {
            status = $"the model could not be loaded: {e.Message}";
        }

        trainData = await Subset("mnist-train-2000");
        testData = await Subset("mnist-test-500");
    }

    private async Task<TensorDataset> Subset(string name)
    {
        var images = IdxReader.Read(new MemoryStream(await Http.GetByteArrayAsync($"data/{name}-images-idx3-ubyte.gz")), name + " images");
        var labels = IdxReader.Read(new MemoryStream(await Http.GetByteArrayAsync($"data/{name}-labels-idx1-ubyte.gz")), name + " labels");
        return ImageDataset.FromIdx(images, labels).ToTensorDataset();
    }

    private static string Points(List<(double X, double Y)> stroke) =>
        string.Join(' ', stroke.Select(p => string.Create(Invariant, $"{p.X:F1},{p.Y:F1}")));

    private void Down(PointerEventArgs e)
    {
        drawing = true;
        strokes.Add([(e.OffsetX, e.OffsetY)]);
    }

    private void Move(PointerEventArgs e)
    {
        if (drawing)
        {
            strokes[^1].Add((e.OffsetX, e.OffsetY));
        }
    }

    private void Up(PointerEventArgs e)
    {
        if (!drawing)
        {
            return;
        }

        drawing = false;
        Classify();
    }

    private void Clear()
    {
        strokes.Clear();
        top = [];
        preparedImage = BitmapImage.DataUrl(new float[28 * 28], 28, v => v, BitmapImage.Grey);
    }

    private void Classify()
    {
        var image = DigitImage.ToMnist(StrokeRaster.Ink(strokes, Pad, PenRadius), Pad, Pad);
        preparedImage = BitmapImage.DataUrl(image, 28, v => v, BitmapImage.Grey);
        if (model is null)
        {
            return;
        }

        using (GradMode.NoGrad())
        {
            var probabilities = Functional.Softmax(model.Call(Tensor.FromArray(image, 1, 784)), 1).ToArray();
            top = [.. probabilities.Select((p, d) => (d, (double)p)).OrderByDescending(p => p.Item2).Take(3)];
        }
    }

    private string Curve()
    {
        if (trainLosses.Count == 0)
        {
            return string.Empty;
        }

        var peak = Math.Max(0.5, trainLosses.Max());
        return string.Join(' ', trainLosses.Select((l, i) => string.Create(Invariant, $"{300.0 * i / Math.Max(1, trainLosses.Count - 1):F1},{100 - (98 * l / peak):F1}")));
    }

    private async Task ToggleTraining()
    {
        if (training || trainData is null || testData is null)
        {
            training = false;
            return;
        }

        training = true;
        if (student is null)
        {
            var g = new Generator(1);
            student = new Sequential(new Linear(784, 64, generator: g), new ReLU(), new Linear(64, 10, generator: g));
            optimizer = new Adam(student.Parameters(), 1e-3);
        }

        var order = new Generator(2);
        var loss = new CrossEntropyLoss();
        while (training && !disposed)
        {
            // One slice: 10 batches of 32, then the test set, then a frame.
            var permutation = order.Permutation(trainData.Count);
            for (var b = 0; b < 10 && training; b++)
            {
                var batch = trainData.GetBatch(permutation[(b * 32)..((b + 1) * 32)]);
                optimizer!.ZeroGrad();
                var value = loss.Compute(student.Call(batch.Inputs), batch.Labels!);
                value.Backward();
                optimizer.Step();
                trainLosses.Add(value.ItemAsDouble());
                trainEpochs += 32.0 / trainData.Count;
            }

            Evaluate();
            StateHasChanged();
            await Task.Delay(1);
        }
    }

    private void Evaluate()
    {
        using (GradMode.NoGrad())
        {
            var predicted = student!.Call(testData!.Inputs).ArgMax(1);
            var labels = testData.Labels!;
            trainAccuracy = predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
            var pixels = testData.Inputs.Narrow(0, 0, GridSize).ToArray();
            testGrid = [.. Enumerable.Range(0, GridSize).Select(i =>
                (BitmapImage.DataUrl(new ArraySegment<float>(pixels, i * 784, 784), 28, v => v, BitmapImage.Grey), predicted[i], labels[i]))];
        }
    }
}
