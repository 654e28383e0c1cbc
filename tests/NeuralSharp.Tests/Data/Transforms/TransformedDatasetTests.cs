using NeuralSharp.Data;
using NeuralSharp.Data.Transforms;

namespace NeuralSharp.Tests.Data.Transforms;

[Collection(MeasuredAllocationCollection.Name)]
public class TransformedDatasetTests
{
    private static readonly ImageShape Shape = ImageShape.Grey(8, 8);

    private static TensorDataset Digits(int n)
    {
        var generator = new Generator(11);
        var pixels = Enumerable.Range(0, n * Shape.Size).Select(_ => (float)generator.NextDouble()).ToArray();
        return new TensorDataset(Tensor.FromArray(pixels, n, Shape.Size), [.. Enumerable.Range(0, n)]);
    }

    private static IImageTransform Augment() => new Compose(new RandomAffine(10, 0.9, 1.1), new RandomShift(2), new RandomHorizontalFlip());

    private static float[] Epoch(DataLoader loader) => [.. loader.SelectMany(b => b.Inputs.ToArray())];

    [Fact]
    public void TheSameSeedGivesTheSameBatchesWhateverTheThreadCount()
    {
        var saved = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            var one = Epoch(new DataLoader(new TransformedDataset(Digits(40), Shape, Augment(), seed: 3), 16));
            Parallelism.ThreadCount = 2;
            var two = Epoch(new DataLoader(new TransformedDataset(Digits(40), Shape, Augment(), seed: 3), 16));
            Assert.Equal(one, two);
            Assert.NotEqual(Digits(40).Inputs.ToArray(), one);
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    [Fact]
    public void EachEpochDrawsAnewAndADifferentSeedDiffers()
    {
        var loader = new DataLoader(new TransformedDataset(Digits(20), Shape, Augment(), seed: 3), 8);
        var first = Epoch(loader);
        Assert.Equal(1, loader.Epoch);
        var second = Epoch(loader);
        Assert.NotEqual(first, second);

        var other = Epoch(new DataLoader(new TransformedDataset(Digits(20), Shape, Augment(), seed: 4), 8));
        Assert.NotEqual(first, other);

        // Resuming at epoch 1 repeats the second pass.
        var resumed = new DataLoader(new TransformedDataset(Digits(20), Shape, Augment(), seed: 3), 8) { Epoch = 1 };
        Assert.Equal(second, Epoch(resumed));
    }

    [Fact]
    public void AnExampleIsAugmentedTheSameWayWhateverBatchItLandsIn()
    {
        var data = new TransformedDataset(Digits(30), Shape, Augment(), seed: 9);
        var alone = data.GetBatch([17]).Inputs.ToArray();
        var inBatch = data.GetBatch([4, 17, 2]).Inputs.ToArray().AsSpan(Shape.Size, Shape.Size).ToArray();
        Assert.Equal(alone, inBatch);

        // Labels are the example indices: every shuffled row equals that example's row in an unshuffled batch of the same epoch.
        var shuffled = new DataLoader(data, 7, shuffle: true, generator: new Generator(1));
        data.SetEpoch(0);
        var plain = data.GetBatch([.. Enumerable.Range(0, 30)]).Inputs.ToArray();
        var checkedRows = 0;
        foreach (var batch in shuffled)
        {
            var rows = batch.Inputs.ToArray();
            for (var k = 0; k < batch.Count; k++)
            {
                var index = batch.Labels![k];
                Assert.Equal(plain.AsSpan(index * Shape.Size, Shape.Size).ToArray(), rows.AsSpan(k * Shape.Size, Shape.Size).ToArray());
                checkedRows++;
            }
        }

        Assert.Equal(30, checkedRows);
    }

    [Fact]
    public void ReusedBuffersGiveTheSameBatchesAsFreshOnes()
    {
        var fresh = Epoch(new DataLoader(new TransformedDataset(Digits(21), Shape, Augment(), seed: 5), 8));
        var loader = new DataLoader(new TransformedDataset(Digits(21), Shape, Augment(), seed: 5), 8) { ReuseBuffers = true };
        var reused = loader.SelectMany(b => b.Inputs.ToArray()).ToArray();
        Assert.Equal(fresh, reused);
    }

    [Fact]
    public void TheSourceIsLeftUntouchedAndLabelsPassThrough()
    {
        var source = Digits(12);
        var before = source.Inputs.ToArray();
        var batch = new TransformedDataset(source, Shape, Augment(), seed: 1).GetBatch([3, 5]);
        Assert.Equal(before, source.Inputs.ToArray());
        Assert.Equal(new[] { 3, 5 }, batch.Labels);
    }

    [Fact]
    public void ASourceThatIsNotATensorDatasetIsCopiedNotOverwrittenAndDoublesWork()
    {
        var inputs = Tensor.FromArray(Enumerable.Range(0, 3 * Shape.Size).Select(i => (float)i).ToArray(), 3, Shape.Size).Double();
        var source = new SharedRows(inputs);
        var batch = new TransformedDataset(source, Shape, new Normalize(1, 2)).GetBatch([0, 1, 2]);
        Assert.Equal(DType.Float64, batch.Inputs.DType);
        Assert.Equal(inputs.ToArray().Select(v => (v - 1) / 2f).ToArray(), batch.Inputs.ToArray());
        Assert.Equal(0f, inputs.ToArray()[0]);
    }

    [Fact]
    public void AWarmTransformAllocatesNothingPerExample()
    {
        var saved = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            var plain = Digits(64);
            IBatchReuse reuse = new TransformedDataset(plain, Shape, Augment(), seed: 2);
            IBatchReuse gather = plain;
            var indices = Enumerable.Range(0, 64).ToArray();
            var a = reuse.GetBatch(indices, null);
            var b = gather.GetBatch(indices, null);
            a = reuse.GetBatch(indices, a);
            b = gather.GetBatch(indices, b);

            var start = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 5; i++)
            {
                b = gather.GetBatch(indices, b);
            }

            var gatherBytes = GC.GetAllocatedBytesForCurrentThread() - start;
            start = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 5; i++)
            {
                a = reuse.GetBatch(indices, a);
            }

            var transformBytes = GC.GetAllocatedBytesForCurrentThread() - start;

            // 64 examples a batch: any allocation per example would add kilobytes.
            Assert.True(transformBytes - gatherBytes < 5 * 256, $"transforming 5 warm batches allocated {transformBytes} bytes, the gather alone {gatherBytes}");
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    // A data set that returns views of its own storage, as a memory-mapped one might (consecutive indices only).
    private sealed class SharedRows(Tensor inputs) : IDataset
    {
        public int Count => inputs.Shape[0];

        public Batch GetBatch(ReadOnlySpan<int> indices) => new(inputs.Narrow(0, indices[0], indices.Length), null, null);
    }
}
