using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using NeuralSharp.Nn;
using SkiaSharp;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class SomCliDemo : ICliDemo
{
    private const int Side = 16;
    private const int Cell = 24;

    public string Name => "som";

    public string Description => "A Kohonen self-organising map orders colours on a grid: unit weights as colours and the U-matrix";

    public Task<int> RunAsync(DemoContext context)
    {
        var maps = SomDemo.Run(seed: context.Seed, side: Side);
        Table($"{Side} x {Side} maps trained on 800 colours around {SomDemo.Hues.Count} hues (30 epochs, radius {F(maps[0].History[0].Radius, 1)} -> {F(maps[0].History[^1].Radius, 1)}): errors before -> after, colour distance between units",
            ["grid", "training", "quantisation error", "topographic error", "neighbours apart", $"units >= {F(Side / 3.0, 1)} cells apart"],
            maps.Select(m => new[]
            {
                m.Topology.ToString().ToLowerInvariant(), m.Mode.ToString().ToLowerInvariant(),
                $"{F(m.QuantisationErrorBefore)} -> {F(m.QuantisationError)}", $"{F(m.TopographicErrorBefore)} -> {F(m.TopographicError)}",
                F(m.NeighbourDistance), F(m.FarDistance),
            }));
        var shown = maps[0];
        Console.WriteLine($"hexagonal batch map: grid neighbours are {F(shown.NeighbourDistance)} apart in RGB, distant units {F(shown.FarDistance)}; the quantisation error fell from {F(shown.QuantisationErrorBefore)} to {F(shown.QuantisationError)}");

        var path = context.OutputPath("som.png");
        var weights = shown.Map.Weights.ToDoubleArray();
        using var paint = new SKPaint();
        GridPlots.MapWithPanel(path, Side, Side, Cell, hexagonal: shown.Topology == SomTopology.Hexagonal, (canvas, unit, x, y) =>
        {
            paint.Color = new SKColor(Channel(weights[3 * unit]), Channel(weights[(3 * unit) + 1]), Channel(weights[(3 * unit) + 2]));
            canvas.DrawRect(x, y, Cell, Cell, paint);
        }, shown.Map.UMatrix(), "unit weights as colours (hexagonal, batch)", "U-matrix (dark: far from neighbours)");
        Wrote(path);
        return Task.FromResult(0);
    }

    private static byte Channel(double v) => (byte)Math.Clamp((int)Math.Round(255 * v), 0, 255);
}
