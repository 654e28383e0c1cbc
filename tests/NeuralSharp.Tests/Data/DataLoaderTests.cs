using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class DataLoaderTests
{
    private static TensorDataset Numbers(int n) =>
        new(Tensor.Arange(n).Reshape(n, 1), Enumerable.Range(0, n).Select(i => i % 3).ToArray());

    [Fact]
    public void KeepsTheLastPartialBatchAndVisitsEveryExampleOnce()
    {
        var loader = new DataLoader(Numbers(10), batchSize: 4, shuffle: true, generator: new Generator(3));
        Assert.Equal(3, loader.BatchCount);
        var batches = loader.ToList();
        Assert.Equal(new[] { 4, 4, 2 }, batches.Select(b => b.Count).ToArray());
        var seen = batches.SelectMany(b => b.Inputs.ToArray()).Select(v => (int)v).OrderBy(v => v).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).ToArray(), seen);
        foreach (var b in batches)
        {
            Assert.Equal(b.Inputs.ToArray().Select(v => (int)v % 3).ToArray(), b.Labels);
        }
    }

    [Fact]
    public void DropLastSkipsThePartialBatch()
    {
        var loader = new DataLoader(Numbers(10), batchSize: 4, dropLast: true);
        Assert.Equal(2, loader.BatchCount);
        Assert.Equal(2, loader.Count());
    }

    [Fact]
    public void TheSameSeedGivesTheSameOrderAndEpochsDiffer()
    {
        float[] Epoch(DataLoader l) => l.SelectMany(b => b.Inputs.ToArray()).ToArray();
        var a = new DataLoader(Numbers(20), 5, shuffle: true, generator: new Generator(7));
        var b = new DataLoader(Numbers(20), 5, shuffle: true, generator: new Generator(7));
        var first = Epoch(a);
        Assert.Equal(first, Epoch(b));
        Assert.NotEqual(first, Epoch(a));
        Assert.NotEqual(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), first);
    }

    [Fact]
    public void ReusedBuffersAreTheSameTensorsEachIteration()
    {
        var loader = new DataLoader(Numbers(8), 4) { ReuseBuffers = true };
        var batches = loader.ToList();
        Assert.Same(batches[0].Inputs, batches[1].Inputs);
        Assert.Equal(new float[] { 4, 5, 6, 7 }, batches[1].Inputs.ToArray());
    }

    [Fact]
    public void MismatchedInputsAndLabelsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros([5, 2]), new int[4]));
        Assert.Contains("5 examples but there are 4 labels", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Numbers(3), 0));
    }
}
