using NeuralSharp.Data;
using NeuralSharp.Nn;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Training;

/// <summary>Small problems made in memory, from fixed seeds, that train in milliseconds.</summary>
internal static class TrainingTestData
{
    /// <summary>Three well separated 2-D Gaussian blobs, <paramref name="perClass"/> examples each, labels 0..2.</summary>
    public static TensorDataset Blobs(int perClass = 40, int seed = 3, float spread = 0.4f)
    {
        var centres = new (float X, float Y)[] { (-2f, 0f), (2f, 0f), (0f, 2.5f) };
        var g = new Generator(seed);
        var x = new float[centres.Length * perClass * 2];
        var labels = new int[centres.Length * perClass];
        for (var i = 0; i < labels.Length; i++)
        {
            var c = i % centres.Length;
            labels[i] = c;
            x[2 * i] = centres[c].X + (spread * (float)g.NextNormal());
            x[(2 * i) + 1] = centres[c].Y + (spread * (float)g.NextNormal());
        }

        return new TensorDataset(Tensor.FromArray(x, labels.Length, 2), labels);
    }

    /// <summary>A 2-16-3 ReLU network.</summary>
    public static Sequential SmallNet(int seed = 1) =>
        new(new Linear(2, 16, generator: new Generator(seed)), new ReLU(), new Linear(16, 3, generator: new Generator(seed + 1)));

    /// <summary>Records every report on the training thread, in order (Progress&lt;T&gt; would post them asynchronously).</summary>
    public sealed class ProgressLog : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public void Report(TrainingProgress value) => Reports.Add(value);
    }
}
