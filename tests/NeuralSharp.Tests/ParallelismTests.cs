namespace NeuralSharp.Tests;

[Collection(NeuralSharp.Tests.Training.ThreadCountCollection.Name)]
public class ParallelismTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void ThreadCountRejectsLessThanOne(int value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.ThreadCount = value);
        Assert.Contains("at least 1", ex.Message);
    }

    [Fact]
    public void ForRunsEveryItemOnceAndPropagatesFailures()
    {
        int saved = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 2;
            int[] hits = new int[257];
            var work = new CountingWork { Hits = hits };
            Parallelism.For(hits.Length, 2, ref work);
            Assert.All(hits, h => Assert.Equal(1, h));

            var failing = new CountingWork { Hits = hits, FailAt = 100 };
            var ex = Assert.Throws<InvalidOperationException>(() => Parallelism.For(hits.Length, 2, ref failing));
            Assert.Equal("item 100", ex.Message);

            // The pool must still work after a failure.
            Array.Clear(hits);
            Parallelism.For(hits.Length, 2, ref work);
            Assert.All(hits, h => Assert.Equal(1, h));
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    [Fact]
    public void ForNeverReturnsBeforeEveryItemHasRun()
    {
        // Back-to-back tiny jobs: a wake-up left over from one job must not end the next early.
        int saved = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 2;
            int[] hits = new int[8];
            var work = new CountingWork { Hits = hits, Spin = 2000 };
            for (int round = 1; round <= 1000; round++)
            {
                Parallelism.For(hits.Length, 2, ref work);
                foreach (int h in hits)
                {
                    Assert.Equal(round, h);
                }
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    private struct CountingWork : IParallelWork
    {
        public int[] Hits;
        public int FailAt;
        public int Spin;

        public readonly void Run(int index)
        {
            if (FailAt != 0 && index == FailAt)
            {
                throw new InvalidOperationException($"item {index}");
            }

            // Uneven item lengths make the caller wait on the helper in some rounds.
            Thread.SpinWait(Spin * (index % 3));
            Interlocked.Increment(ref Hits[index]);
        }
    }
}
