namespace NeuralSharp.Playground.Rendering;

/// <summary>Turns pen strokes into ink: every pixel within the pen's radius of a stroke is fully inked, with a soft edge one pixel wide.</summary>
public static class StrokeRaster
{
    /// <summary>The ink of <paramref name="strokes"/> (each a list of points) on a <paramref name="side"/> x <paramref name="side"/> pad, row-major.</summary>
    public static float[] Ink(IEnumerable<IReadOnlyList<(double X, double Y)>> strokes, int side, double radius)
    {
        var ink = new float[side * side];
        foreach (var stroke in strokes)
        {
            for (var i = 0; i < stroke.Count; i++)
            {
                var a = stroke[i];
                var b = i + 1 < stroke.Count ? stroke[i + 1] : a;
                Segment(ink, side, a, b, radius);
            }
        }

        return ink;
    }

    private static void Segment(float[] ink, int side, (double X, double Y) a, (double X, double Y) b, double radius)
    {
        var x0 = Math.Max(0, (int)Math.Floor(Math.Min(a.X, b.X) - radius - 1));
        var x1 = Math.Min(side - 1, (int)Math.Ceiling(Math.Max(a.X, b.X) + radius + 1));
        var y0 = Math.Max(0, (int)Math.Floor(Math.Min(a.Y, b.Y) - radius - 1));
        var y1 = Math.Min(side - 1, (int)Math.Ceiling(Math.Max(a.Y, b.Y) + radius + 1));
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var length2 = (dx * dx) + (dy * dy);
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                // Distance from the pixel's centre to the segment.
                var (px, py) = (x + 0.5 - a.X, y + 0.5 - a.Y);
                var t = length2 == 0 ? 0 : Math.Clamp(((px * dx) + (py * dy)) / length2, 0, 1);
                var (ex, ey) = (px - (t * dx), py - (t * dy));
                var value = (float)Math.Clamp(radius + 1 - Math.Sqrt((ex * ex) + (ey * ey)), 0, 1);
                ref var cell = ref ink[(y * side) + x];
                cell = Math.Max(cell, value);
            }
        }
    }
}
