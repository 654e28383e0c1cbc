using System.Globalization;
using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Plots;

/// <summary>
/// What a convolutional network learned, as pictures written after training: the first convolution's filters, and
/// one image's feature maps at every convolution. Each filter and each map is stretched from its own lowest value
/// (white) to its highest (black), since their ranges differ from one to the next.
/// </summary>
internal static class ConvPlots
{
    /// <summary>The file names, beside the model.</summary>
    public const string FiltersFile = "filters.png", FeatureMapsFile = "feature-maps.png";

    /// <summary>The most filters and maps drawn per convolution (the first ones), so that a wide layer stays a readable picture.</summary>
    public const int MaxShown = 16;

    /// <summary>The filters per row of <see cref="Filters"/>.</summary>
    public const int FilterColumns = 8;

    /// <summary>The side, in pixels, that <see cref="Filters"/> enlarges a kernel to (about).</summary>
    public const int FilterSide = 64;

    /// <summary>The network's 2-D convolutions, depth first.</summary>
    public static IReadOnlyList<Conv2d> Convolutions(Module model) => model.NamedModules().Select(m => m.Value).OfType<Conv2d>().ToArray();

    /// <summary>
    /// The first <see cref="MaxShown"/> filters of <paramref name="conv"/> as a grid of small greyscale images, captioned
    /// with their output channel (and input channel, when the layer has several).
    /// </summary>
    public static void Filters(string path, Conv2d conv)
    {
        var w = conv.Weight; // [out, in / groups, kh, kw]
        int outs = w.Shape[0], ins = w.Shape[1], kh = w.Shape[2], kw = w.Shape[3];
        var values = w.ToArray();
        var images = new List<float[]>();
        var captions = new List<string>();
        for (var o = 0; o < outs && images.Count < MaxShown; o++)
        {
            for (var i = 0; i < ins && images.Count < MaxShown; i++)
            {
                images.Add(Stretched(values.AsSpan(((o * ins) + i) * kh * kw, kh * kw)));
                captions.Add(ins == 1 ? o.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{o}/{i}"));
            }
        }

        GridPlots.Images(path, images, kh, kw, captions, Math.Min(images.Count, FilterColumns), FilterScale(kh, kw));
    }

    /// <summary>How much <see cref="Filters"/> enlarges a <paramref name="kh"/> x <paramref name="kw"/> kernel.</summary>
    public static int FilterScale(int kh, int kw) => Math.Max(2, FilterSide / Math.Max(kh, kw));

    /// <summary>
    /// One row for the input image (<paramref name="pixels"/>, <paramref name="rows"/> x <paramref name="cols"/>), then one
    /// row per convolution with the first <see cref="MaxShown"/> maps it computes from that image.
    /// </summary>
    /// <param name="path">The PNG to write.</param>
    /// <param name="model">The network.</param>
    /// <param name="example">The image as the network takes it, a batch of one.</param>
    /// <param name="pixels">The image as drawn.</param>
    /// <param name="rows">Its height.</param>
    /// <param name="cols">Its width.</param>
    public static void FeatureMaps(string path, Module model, Tensor example, float[] pixels, int rows, int cols)
    {
        var titles = new List<string> { string.Create(CultureInfo.InvariantCulture, $"input {rows}x{cols}") };
        var images = new List<IReadOnlyList<float[]>> { new[] { Stretched(pixels) } };
        var sizes = new List<(int, int)> { (rows, cols) };
        foreach (var (name, _, output) in LayerOutputs.Capture(model, example, m => m is Conv2d))
        {
            int channels = output.Shape[1], h = output.Shape[2], w = output.Shape[3];
            var values = output.ToArray();
            var shown = Math.Min(channels, MaxShown);
            images.Add(Enumerable.Range(0, shown).Select(c => Stretched(values.AsSpan(c * h * w, h * w))).ToArray());
            titles.Add(string.Create(CultureInfo.InvariantCulture, $"{name} Conv2d: {(shown < channels ? $"first {shown} of " : "")}{channels} maps, {h}x{w}"));
            sizes.Add((h, w));
        }

        GridPlots.ImageRows(path, titles, images, sizes);
    }

    /// <summary>The values mapped linearly onto [0, 1], lowest to 0; all zeros when they are all equal.</summary>
    public static float[] Stretched(ReadOnlySpan<float> values)
    {
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        foreach (var v in values)
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }

        var result = new float[values.Length];
        if (hi > lo)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = (values[i] - lo) / (hi - lo);
            }
        }

        return result;
    }
}
