using SkiaSharp;

namespace NeuralSharp.Cli.Plots;

/// <summary>Pictures of small images and maps laid out on a grid: pattern strips, map units as images or colours, U-matrices.</summary>
internal static class GridPlots
{
    /// <summary>
    /// Greyscale images (pixels in [0, 1], 1 drawn dark, row-major <paramref name="rows"/> x <paramref name="cols"/>)
    /// in a grid of <paramref name="columns"/> per row, each enlarged <paramref name="scale"/> times and captioned.
    /// </summary>
    public static void Images(string path, IReadOnlyList<float[]> images, int rows, int cols, IReadOnlyList<string> captions, int columns, int scale = 8)
    {
        const int captionHeight = 20;
        var gridRows = Math.Max(1, (images.Count + columns - 1) / columns);
        var cellW = (cols * scale) + 12;
        var cellH = (rows * scale) + captionHeight + 10;
        using var surface = SKSurface.Create(new SKImageInfo(columns * cellW, gridRows * cellH));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 13);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (var i = 0; i < images.Count; i++)
        {
            var x0 = ((i % columns) * cellW) + 6;
            var y0 = ((i / columns) * cellH) + 6;
            DrawGrey(canvas, images[i], rows, cols, x0, y0, scale);
            canvas.DrawText(captions[i], x0, y0 + (rows * scale) + 15, SKTextAlign.Left, font, ink);
        }

        TrainingPlots.SavePng(surface, path);
    }

    /// <summary>
    /// A map of <paramref name="gridRows"/> x <paramref name="gridCols"/> units, each drawn as a cell of
    /// <paramref name="cell"/> pixels by <paramref name="draw"/> (canvas, unit, x, y), odd rows shifted half a cell for
    /// a hexagonal grid, beside a greyscale panel of one value per unit (a U-matrix: dark is far from the neighbours).
    /// </summary>
    public static void MapWithPanel(string path, int gridRows, int gridCols, int cell, bool hexagonal, Action<SKCanvas, int, int, int> draw, IReadOnlyList<double> panel, string leftTitle, string rightTitle)
    {
        const int margin = 10;
        const int titleHeight = 24;
        var shift = hexagonal ? cell / 2 : 0;
        var mapW = (gridCols * cell) + shift;
        var mapH = gridRows * cell;
        using var surface = SKSurface.Create(new SKImageInfo((2 * mapW) + (3 * margin), mapH + titleHeight + (2 * margin)));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 15);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(leftTitle, margin, margin + 15, SKTextAlign.Left, font, ink);
        canvas.DrawText(rightTitle, (2 * margin) + mapW, margin + 15, SKTextAlign.Left, font, ink);
        var (lo, hi) = (panel.Min(), panel.Max());
        using var paint = new SKPaint();
        for (var r = 0; r < gridRows; r++)
        {
            for (var c = 0; c < gridCols; c++)
            {
                var unit = (r * gridCols) + c;
                var x = margin + (c * cell) + (r % 2 == 1 ? shift : 0);
                var y = margin + titleHeight + (r * cell);
                draw(canvas, unit, x, y);
                var v = (byte)(255 - Math.Clamp((int)Math.Round(255 * (panel[unit] - lo) / Math.Max(hi - lo, 1e-12)), 0, 255));
                paint.Color = new SKColor(v, v, v);
                canvas.DrawRect(x + mapW + margin, y, cell, cell, paint);
            }
        }

        TrainingPlots.SavePng(surface, path);
    }

    /// <summary>Draws a greyscale image (1 dark) with its top left corner at (<paramref name="x0"/>, <paramref name="y0"/>).</summary>
    public static void DrawGrey(SKCanvas canvas, float[] image, int rows, int cols, float x0, float y0, float scale)
    {
        using var pixel = new SKPaint();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                var v = (byte)(255 - (int)Math.Clamp(image[(r * cols) + c] * 255f, 0, 255));
                pixel.Color = new SKColor(v, v, v);
                canvas.DrawRect(x0 + (c * scale), y0 + (r * scale), scale, scale, pixel);
            }
        }
    }
}
