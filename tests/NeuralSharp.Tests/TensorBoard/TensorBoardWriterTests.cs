using NeuralSharp.TensorBoard;
using NeuralSharp.TensorBoard.Proto;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.TensorBoard;

/// <summary>Event files written by <see cref="TensorBoardWriter"/> and read back by <see cref="TensorBoardEventReader"/>.</summary>
public sealed class TensorBoardWriterTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void FileIsNamedAsTensorBoardsAndStartsWithTheFileVersion()
    {
        string path;
        using (var writer = new TensorBoardWriter(_dir.File("run"), new FixedClock(Noon)))
        {
            path = writer.FilePath;
        }

        var name = Path.GetFileName(path);
        Assert.StartsWith($"events.out.tfevents.{Noon.ToUnixTimeSeconds()}.", name);
        Assert.Matches(@"^events\.out\.tfevents\.\d+\.[A-Za-z0-9_.-]+$", name);
        var events = TensorBoardEventReader.ReadAll(path);
        var first = Assert.Single(events);
        Assert.Equal("brain.Event:2", first.FileVersion);
        Assert.Equal(Noon.ToUnixTimeSeconds(), first.WallTime);
    }

    [Fact]
    public void TwoWritersInTheSameSecondGetTwoFiles()
    {
        using var a = new TensorBoardWriter(_dir.Path, new FixedClock(Noon));
        using var b = new TensorBoardWriter(_dir.Path, new FixedClock(Noon));
        Assert.NotEqual(a.FilePath, b.FilePath);
        Assert.Contains("tfevents", Path.GetFileName(b.FilePath));
    }

    [Fact]
    public void ScalarsHistogramsAndImagesReadBack()
    {
        var png = TestPng.Make(5, 3);
        double[] values = [-1.5, 0, 0, 0.25, 2, 2, 3e-13, -7e5];
        string path;
        using (var writer = new TensorBoardWriter(_dir.Path))
        {
            path = writer.FilePath;
            writer.AddScalar("loss/train", 0.75, 1);
            writer.AddScalar("loss/train", 0.5, 2);
            writer.AddHistogram("weights/0.weight", values, 2);
            writer.AddHistogram("weights/floats", new float[] { 1f, 2f, 3f }, 3);
            writer.AddImage("test/misclassified", png, 3);
            writer.AddImage("test/explicit", png, 50, 30, 4);
        }

        var events = TensorBoardEventReader.ReadAll(path);
        Assert.Equal(7, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.All(events.Skip(1), e => Assert.Equal(Event.WhatOneofCase.Summary, e.WhatCase));
        Assert.All(events, e => Assert.InRange(e.WallTime, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1));

        var scalar = Assert.Single(events[2].Summary.Value);
        Assert.Equal(("loss/train", 0.5f, 2L), (scalar.Tag, scalar.SimpleValue, events[2].Step));
        Assert.Equal(0.75f, events[1].Summary.Value[0].SimpleValue);

        var histogram = events[3].Summary.Value[0].Histo;
        Assert.Equal("weights/0.weight", events[3].Summary.Value[0].Tag);
        Assert.Equal((values.Min(), values.Max(), (double)values.Length), (histogram.Min, histogram.Max, histogram.Num));
        Assert.Equal(values.Sum(), histogram.Sum, 12);
        Assert.Equal(values.Sum(v => v * v), histogram.SumSquares, 6);
        AssertBucketsHold(histogram, values);
        AssertBucketsHold(events[4].Summary.Value[0].Histo, [1, 2, 3]);

        var image = events[5].Summary.Value[0].Image;
        Assert.Equal(("test/misclassified", 3L), (events[5].Summary.Value[0].Tag, events[5].Step));
        Assert.Equal((5, 3), (image.Width, image.Height));
        Assert.InRange(image.Colorspace, 3, 4); // RGB or RGBA, as Skia encodes it
        Assert.Equal(png, image.EncodedImageString.ToByteArray());
        Assert.Equal((50, 30), (events[6].Summary.Value[0].Image.Width, events[6].Summary.Value[0].Image.Height));
    }

    /// <summary>
    /// The buckets are TensorFlow's: ascending limits, counts adding up to the number of values, and each value in the
    /// bucket whose limit is the first above it; a run of empty buckets is one bucket, so every other bucket is full.
    /// </summary>
    private static void AssertBucketsHold(HistogramProto histogram, double[] values)
    {
        var limits = histogram.BucketLimit.ToArray();
        var counts = histogram.Bucket.ToArray();
        Assert.Equal(limits.Length, counts.Length);
        Assert.True(limits.Zip(limits.Skip(1)).All(p => p.First < p.Second), "bucket limits ascend");
        Assert.Equal(values.Length, counts.Sum());
        Assert.Equal(double.MaxValue, limits[^1]);
        for (var i = 1; i < counts.Length; i++)
        {
            Assert.False(counts[i] == 0 && counts[i - 1] == 0, $"buckets {i - 1} and {i} are both empty: runs of empty buckets are merged");
        }

        var expected = new double[limits.Length];
        foreach (var v in values)
        {
            var bucket = Array.FindIndex(limits, l => l > v);
            expected[bucket]++;
            // A full bucket is one of TensorFlow's 10% steps, so its upper limit is within 10% of the values in it.
            var limit = limits[bucket];
            if (v >= 1e-12)
            {
                Assert.InRange(limit / v, 1.0, 1.1 * (1 + 1e-12));
            }
            else if (v <= -1e-12)
            {
                Assert.InRange(limit / v, 1 / (1.1 * (1 + 1e-12)), 1.0);
            }
            else
            {
                Assert.Equal(v >= 0 ? 1e-12 : 0, limit);
            }
        }

        Assert.Equal(expected, counts);
    }

    [Fact]
    public void HistogramRefusesNonFiniteAndEmptyValues()
    {
        using var writer = new TensorBoardWriter(_dir.Path);
        var nan = Assert.Throws<ArgumentException>(() => writer.AddHistogram("w", new[] { 1.0, double.NaN }, 1));
        Assert.Contains("histogram 'w': value 1 of 2 is NaN", nan.Message);
        Assert.Contains("no values", Assert.Throws<ArgumentException>(() => writer.AddHistogram("w", ReadOnlySpan<double>.Empty, 1)).Message);
        Assert.Contains("not a PNG", Assert.Throws<ArgumentException>(() => writer.AddImage("img", new byte[] { 1, 2, 3 }, 1)).Message);
    }

    [Fact]
    public void FlushedRecordsAreReadableWhileTheFileIsOpen()
    {
        using var writer = new TensorBoardWriter(_dir.Path);
        writer.AddScalar("a", 1, 1);
        writer.Flush();
        Assert.Equal(2, TensorBoardEventReader.ReadAll(writer.FilePath).Count);
        writer.AddScalar("a", 2, 2);
        writer.Flush();
        Assert.Equal(2f, TensorBoardEventReader.ReadAll(writer.FilePath)[^1].Summary.Value[0].SimpleValue);
    }

    [Fact]
    public void BucketLimitsAreTensorFlowsDefaults()
    {
        var limits = HistogramBuckets.Limits;
        Assert.Equal(-double.MaxValue, limits[0]);
        Assert.Equal(double.MaxValue, limits[^1]);
        var zero = Array.IndexOf(limits, 0.0);
        Assert.Equal(limits.Length / 2, zero);
        Assert.Equal(1e-12, limits[zero + 1]);
        Assert.Equal(-1e-12, limits[zero - 1]);
        Assert.Equal(1.1e-12, limits[zero + 2], 1e-24);
        Assert.InRange(limits[^2], 1e20 / 1.1, 1e20);
        Assert.Equal(1551, limits.Length); // 775 limits a side (the 774 of 1e-12 * 1.1^k below 1e20, and DBL_MAX), and 0
        Assert.Equal(zero + 1, HistogramBuckets.BucketOf(0.0)); // a value on a limit goes to the bucket above it
    }
}
