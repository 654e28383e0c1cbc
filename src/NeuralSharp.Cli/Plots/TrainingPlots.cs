using ScottPlot;
using SkiaSharp;

namespace NeuralSharp.Cli.Plots;

/// <summary>The PNG figures written after training: learning curves, confusion matrix, misclassified digits.</summary>
internal static class TrainingPlots
{
    /// <summary>Loss and accuracy per epoch for the training and validation sets, side by side in one image.</summary>
    public static void LearningCurves(string path, IReadOnlyList<double> trainLoss, IReadOnlyList<double> testLoss, IReadOnlyList<double> trainAccuracy, IReadOnlyList<double> testAccuracy)
    {
        var epochs = Enumerable.Range(1, trainLoss.Count).Select(e => (double)e).ToArray();
        var loss = new Plot();
        AddCurve(loss, epochs, trainLoss, "train", Colors.C0);
        AddCurve(loss, epochs, testLoss, "validation", Colors.C1);
        loss.Title("Loss");
        loss.XLabel("epoch");
        loss.YLabel("loss");
        loss.ShowLegend();

        var accuracy = new Plot();
        AddCurve(accuracy, epochs, trainAccuracy.Select(a => 100 * a).ToArray(), "train", Colors.C0);
        AddCurve(accuracy, epochs, testAccuracy.Select(a => 100 * a).ToArray(), "validation", Colors.C1);
        accuracy.Title("Accuracy (%)");
        accuracy.XLabel("epoch");
        accuracy.YLabel("accuracy (%)");
        accuracy.ShowLegend(Alignment.LowerRight);

        // Each plot renders to its own image (a render clears the whole canvas), then both are placed side by side.
        using var surface = SKSurface.Create(new SKImageInfo(1400, 500));
        surface.Canvas.Clear(SKColors.White);
        foreach (var (plot, x) in new[] { (loss, 0), (accuracy, 700) })
        {
            using var bitmap = SKBitmap.Decode(plot.GetImageBytes(700, 500, ImageFormat.Png));
            surface.Canvas.DrawBitmap(bitmap, x, 0);
        }

        SavePng(surface, path);
    }

    /// <summary>A regression model's test predictions against the true values, with the line of perfect predictions.</summary>
    public static void PredictedAgainstTrue(string path, IReadOnlyList<float> truth, IReadOnlyList<float> predicted, string target)
    {
        var plot = new Plot();
        var points = plot.Add.ScatterPoints(truth.Select(v => (double)v).ToArray(), predicted.Select(v => (double)v).ToArray());
        points.Color = Colors.C0;
        points.MarkerSize = 5;
        points.LegendText = "test rows";
        var lo = Math.Min(truth.Min(), predicted.Min());
        var hi = Math.Max(truth.Max(), predicted.Max());
        var line = plot.Add.Line(lo, lo, hi, hi);
        line.Color = Colors.C1;
        line.LineWidth = 2;
        line.LegendText = "predicted = true";
        plot.Title($"Predicted against true {target}");
        plot.XLabel($"true {target}");
        plot.YLabel($"predicted {target}");
        plot.ShowLegend(Alignment.UpperLeft);
        var temp = path + ".tmp";
        plot.SavePng(temp, 720, 640);
        File.Move(temp, path, overwrite: true);
    }

    private static void AddCurve(Plot plot, double[] xs, IReadOnlyList<double> ys, string label, Color color)
    {
        if (ys.Count == 0)
        {
            return;
        }

        var scatter = plot.Add.Scatter(xs[..ys.Count], ys.ToArray());
        scatter.LegendText = label;
        scatter.Color = color;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 6;
    }

    /// <summary>A heat map of the confusion matrix with the count written in every cell.</summary>
    public static void ConfusionMatrix(string path, long[,] counts, IReadOnlyList<string> classNames)
    {
        var n = counts.GetLength(0);
        var plot = new Plot();
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (var a = 0; a < n; a++)
        {
            var total = Math.Max(1, Enumerable.Range(0, n).Sum(p => counts[a, p]));
            for (var p = 0; p < n; p++)
            {
                // Colour is row-normalised (recall) so that it reads the same whatever the class sizes are.
                var share = counts[a, p] / (double)total;
                var cell = plot.Add.Rectangle(p - 0.5, p + 0.5, a - 0.5, a + 0.5);
                cell.FillColor = colormap.GetColor(share);
                cell.LineWidth = 0;
                var text = plot.Add.Text(counts[a, p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, a);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = share > 0.5 ? Colors.Black : Colors.White;
                text.LabelFontSize = n > 12 ? 8 : 12;
            }
        }

        var ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var labels = Enumerable.Range(0, n).Select(i => i < classNames.Count ? classNames[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, labels);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, labels);
        plot.Axes.SetLimits(-0.5, n - 0.5, n - 0.5, -0.5);
        plot.Title("Confusion matrix (rows: true class, columns: predicted)");
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.SavePng(path, 800, 720);
    }

    /// <summary>A grid of images (pixels in [0, 1], row-major) captioned "p:3 t:5" (predicted, true).</summary>
    public static void ImageGrid(string path, IReadOnlyList<float[]> images, int rows, int cols, IReadOnlyList<string> captions, int columns = 8)
    {
        const int scale = 4;
        const int captionHeight = 22;
        var count = images.Count;
        var gridRows = Math.Max(1, (count + columns - 1) / columns);
        var cellW = (cols * scale) + 8;
        var cellH = (rows * scale) + captionHeight + 8;
        using var surface = SKSurface.Create(new SKImageInfo(Math.Max(1, columns * cellW), gridRows * cellH));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 14);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var pixel = new SKPaint();
        for (var i = 0; i < count; i++)
        {
            var x0 = ((i % columns) * cellW) + 4;
            var y0 = ((i / columns) * cellH) + 4;
            var image = images[i];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    // MNIST is white ink on black; print it dark on light like a page.
                    var v = (byte)(255 - (int)Math.Clamp(image[(r * cols) + c] * 255f, 0, 255));
                    pixel.Color = new SKColor(v, v, v);
                    canvas.DrawRect(x0 + (c * scale), y0 + (r * scale), scale, scale, pixel);
                }
            }

            canvas.DrawText(captions[i], x0, y0 + (rows * scale) + 17, SKTextAlign.Left, font, ink);
        }

        SavePng(surface, path);
    }

    /// <summary>Writes a canvas as PNG through a temporary file, so a reader never sees half a picture.</summary>
    internal static void SavePng(SKSurface surface, string path)
    {
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        var temp = path + ".tmp";
        using (var file = File.Create(temp))
        {
            data.SaveTo(file);
        }

        File.Move(temp, path, overwrite: true);
    }
}
