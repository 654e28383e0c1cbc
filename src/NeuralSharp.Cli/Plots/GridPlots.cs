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
    /// Greyscale images (pixels in [0, 1], 1 drawn dark) tiled without captions, <paramref name="columns"/> per row, each
    /// enlarged <paramref name="scale"/> times with <paramref name="gap"/> pixels between them: a sheet of samples.
    /// </summary>
    public static void Tiles(string path, IReadOnlyList<float[]> images, int rows, int cols, int columns, int scale = 3, int gap = 4)
    {
        var gridRows = Math.Max(1, (images.Count + columns - 1) / columns);
        var (cellW, cellH) = ((cols * scale) + gap, (rows * scale) + gap);
        using var surface = SKSurface.Create(new SKImageInfo((columns * cellW) + gap, (gridRows * cellH) + gap));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        for (var i = 0; i < images.Count; i++)
        {
            DrawGrey(canvas, images[i], rows, cols, gap + ((i % columns) * cellW), gap + ((i / columns) * cellH), scale);
        }

        TrainingPlots.SavePng(surface, path);
    }

    /// <summary>
    /// Rows of greyscale images under a title each (pixels in [0, 1], 1 drawn dark): every image of row <c>i</c> is
    /// <c>Sizes[i]</c> (rows, columns) and is enlarged to fit a square of <paramref name="cell"/> pixels, so that maps of
    /// different sizes line up. Laid out as <see cref="RowsLayout"/> says.
    /// </summary>
    public static void ImageRows(string path, IReadOnlyList<string> titles, IReadOnlyList<IReadOnlyList<float[]>> rows, IReadOnlyList<(int Rows, int Cols)> sizes, int cell = RowCell)
    {
        var (width, height) = RowsLayout(rows.Select(r => r.Count).ToArray(), cell);
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 13);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (var i = 0; i < rows.Count; i++)
        {
            var y0 = RowMargin + (i * (RowTitle + cell + RowMargin));
            canvas.DrawText(titles[i], RowMargin, y0 + 14, SKTextAlign.Left, font, ink);
            var (r, c) = sizes[i];
            var scale = (float)cell / Math.Max(r, c);
            for (var j = 0; j < rows[i].Count; j++)
            {
                DrawGrey(canvas, rows[i][j], r, c, RowMargin + (j * (cell + RowGap)), y0 + RowTitle, scale);
            }
        }

        TrainingPlots.SavePng(surface, path);
    }

    /// <summary>The margin around and between the rows of <see cref="ImageRows"/>, its title height, its gap between images and its default cell.</summary>
    public const int RowMargin = 10, RowTitle = 20, RowGap = 6, RowCell = 56;

    /// <summary>
    /// The picture size of <see cref="ImageRows"/> for rows of <paramref name="counts"/> images: a margin, then per row a
    /// title line, the cells and a margin; as wide as the longest row's cells with their gaps, plus a margin each side.
    /// </summary>
    public static (int Width, int Height) RowsLayout(IReadOnlyList<int> counts, int cell = RowCell)
    {
        var most = Math.Max(1, counts.Max());
        return ((2 * RowMargin) + (most * cell) + ((most - 1) * RowGap), RowMargin + (counts.Count * (RowTitle + cell + RowMargin)));
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
