using NeuralSharp.Cli.Setup;
using NeuralSharp.IO;
using NeuralSharp.Nn;
using NeuralSharp.Tests.Data;
using SkiaSharp;

namespace NeuralSharp.Tests.Cli;

/// <summary>summary, predict and eval use the input shape recorded in the model file, and guess it only for format-1 files.</summary>
public class InputShapeCommandTests
{
    [Fact]
    public async Task SummaryOfAnImageShapedModelUsesTheRecordedShape()
    {
        using var dir = new TempDirectory();
        var path = dir.File("image.safetensors");
        Model.Save(new Sequential(new Flatten(), new Linear(784, 10, generator: new Generator(1))) { InputShape = [1, 28, 28] }, path);

        var (code, output, error) = await CliRunner.Run("summary", path);
        Assert.True(code == 0, error);
        Assert.Contains("Input shape: [1, 1, 28, 28]", output);
        Assert.Contains("Flatten(start_dim=1, end_dim=-1)", output);
        Assert.Contains("Linear(in_features=784, out_features=10, bias=True)", output);
        Assert.Contains("Total parameters: 7,850", output);
    }

    [Fact]
    public async Task SummaryOfAFileWithoutAnInputShapeFallsBackToTheFirstWeightMatrix()
    {
        using var dir = new TempDirectory();
        var path = dir.File("flat.safetensors");
        Model.Save(new Sequential(new Linear(4, 3, generator: new Generator(1)), new ReLU()), path);
        Assert.Equal(new Shape(4), SavedModel.Load(path).InputShape);

        var (code, output, error) = await CliRunner.Run("summary", path);
        Assert.True(code == 0, error);
        Assert.Contains("Input shape: [1, 4]", output);
    }

    [Fact]
    public async Task PredictFeedsAnImageShapedModelAnImageShapedBatch()
    {
        using var dir = new TempDirectory();
        var model = dir.File("image.safetensors");
        // The first layer only accepts [N, 1, 28, 28]: a flat [1, 784] batch would fail.
        Model.Save(new Sequential(new Flatten(1, 3), new Linear(784, 10, generator: new Generator(1))) { InputShape = [1, 28, 28] }, model);
        var image = dir.File("blank.png");
        using (var surface = SKSurface.Create(new SKImageInfo(40, 40)))
        {
            surface.Canvas.Clear(SKColors.White);
            using var ink = new SKPaint { Color = SKColors.Black, StrokeWidth = 5, Style = SKPaintStyle.Stroke };
            surface.Canvas.DrawLine(20, 5, 20, 35, ink);
            using var snapshot = surface.Snapshot();
            using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
            await File.WriteAllBytesAsync(image, data.ToArray());
        }

        var (code, _, error) = await CliRunner.Run("predict", model, image);
        Assert.True(code == 0, error);
    }

    [Fact]
    public async Task EvalReshapesTheTestSetToTheRecordedShape()
    {
        using var dir = new TempDirectory();
        var csv = dir.File("blobs.csv");
        CliRunner.WriteBlobsCsv(csv);
        var model = dir.File("grid.safetensors");
        // Flatten(1, 2) needs [N, 2, 2]: the four CSV features must arrive reshaped.
        Model.Save(new Sequential(new Flatten(1, 2), new Linear(4, 3, generator: new Generator(1))) { InputShape = [2, 2] }, model);

        var (code, _, error) = await CliRunner.Run("eval", model, "--dataset", "csv:" + csv);
        Assert.True(code == 0, error);

        Model.Save(new Sequential(new Linear(5, 3, generator: new Generator(1))) { InputShape = [5] }, model);
        (code, _, error) = await CliRunner.Run("eval", model, "--dataset", "csv:" + csv);
        Assert.Equal(1, code);
        Assert.Contains("[5]", error);
    }

    [Fact]
    public void ABatchOfTheWrongSizeNamesTheModelsShape()
    {
        var saved = new SavedModel(new Sequential(new Identity()), "mnist", "mnist", 28, "cross-entropy", null, [1, 28, 28]);
        Assert.Equal(new Shape(1, 1, 28, 28), saved.Batch(new float[784]).Shape);
        var e = Assert.Throws<ArgumentException>(() => saved.Batch(new float[256]));
        Assert.Contains("[1, 28, 28]", e.Message);
        Assert.Contains("256", e.Message);
    }
}
