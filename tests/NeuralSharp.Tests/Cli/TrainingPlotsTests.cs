using NeuralSharp.Cli.Plots;
using SkiaSharp;

namespace NeuralSharp.Tests.Cli;

public sealed class TrainingPlotsTests : IDisposable
{
    // ScottPlot's first two category colours, which the train and test curves use.
    private static readonly SKColor Train = new(0x1f, 0x77, 0xb4);
    private static readonly SKColor Test = new(0xff, 0x7f, 0x0e);

    private readonly string _dir = Directory.CreateTempSubdirectory("ns-plots-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LearningCurvesShowTrainAndTestSideBySide()
    {
        var curves = Path.Combine(_dir, "curves.png");
        TrainingPlots.LearningCurves(curves, [0.9, 0.5, 0.3], [1.0, 0.6, 0.4], [0.7, 0.85, 0.9], [0.65, 0.8, 0.88]);

        using var bitmap = PngAssert.Drawn(curves, 1400, 500, minInkShare: 0.02, minColours: 20);
        foreach (var (from, to, panel) in new[] { (0, 700, "loss"), (700, 1400, "accuracy") })
        {
            // Lines of width 2 and markers of size 6 over three epochs, plus a legend swatch: far more than a swatch alone.
            Assert.True(PngAssert.CountNear(bitmap, Train, from, to) > 150, $"the {panel} panel has no train curve");
            Assert.True(PngAssert.CountNear(bitmap, Test, from, to) > 150, $"the {panel} panel has no test curve");
        }

        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void ConfusionMatrixIsAHeatMap()
    {
        var counts = new long[3, 3] { { 5, 1, 0 }, { 0, 7, 2 }, { 1, 0, 9 } };
        var confusion = Path.Combine(_dir, "confusion.png");
        TrainingPlots.ConfusionMatrix(confusion, counts, ["a", "b", "c"]);

        // Nine filled cells cover most of the data area.
        using var bitmap = PngAssert.Drawn(confusion, 800, 720, minInkShare: 0.4, minColours: 20);

        // Colour is the row-normalised share on Viridis, whose share-0 end is dark purple: three cells have a count of 0.
        var purple = new SKColor(0x44, 0x01, 0x54);
        Assert.True(PngAssert.CountNear(bitmap, purple, 0, 800, tolerance: 20) > 1000, "the three cells of share 0 are not drawn");
    }

    [Fact]
    public void ImageGridDrawsEveryPixelAndCaption()
    {
        // Columns shade from black ink (0) to almost white: pixel value c / 28 in column c.
        var image = Enumerable.Range(0, 28 * 28).Select(i => (i % 28) / 28f).ToArray();
        var grid = Path.Combine(_dir, "grid.png");
        TrainingPlots.ImageGrid(grid, [image, image, image], 28, 28, ["p:1 t:7", "p:2 t:3", "p:0 t:6"]);

        // Eight cells per row of (28 x 4 + 8) pixels; one row of 28 x 4 + 22 (caption) + 8.
        using var bitmap = PngAssert.Drawn(grid, 8 * 120, 142, minInkShare: 0.1, minColours: 20);
        for (var cell = 0; cell < 3; cell++)
        {
            var x0 = 4 + (cell * 120);
            foreach (var c in new[] { 0, 7, 14, 27 })
            {
                // Printed dark on light: grey level 255 - value * 255, each source pixel a 4 x 4 square.
                var expected = (byte)(255 - (int)(c / 28f * 255f));
                Assert.Equal(new SKColor(expected, expected, expected), bitmap.GetPixel(x0 + (c * 4) + 1, 4 + 1));
            }

            var captionInk = Enumerable.Range(x0, 112).SelectMany(x => Enumerable.Range(4 + 112, 22).Select(y => bitmap.GetPixel(x, y))).Count(p => p.Red < 128);
            Assert.True(captionInk > 20, $"cell {cell} has no caption");
        }

        // The five empty cells of the row stay blank.
        Assert.Equal(0, PngAssert.CountNear(bitmap, SKColors.Black, 3 * 120, 8 * 120, tolerance: 100));
    }
}
