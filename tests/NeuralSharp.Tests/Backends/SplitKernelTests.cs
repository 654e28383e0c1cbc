using NeuralSharp.Backends;
using NeuralSharp.Kernels;
using NeuralSharp.Tests.Training;

namespace NeuralSharp.Tests.Backends;

/// <summary>
/// Element-wise kernels and optimiser steps large enough to be split over threads give bit-identical
/// results with 1, 2 and 3 threads (3: uneven pieces, more threads than this machine's cores).
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class SplitKernelTests : IDisposable
{
    // Over three pieces' worth at 3 threads, and not a multiple of any vector width: the last piece has a tail.
    private const int Length = (3 * RangeSplit.MinPerThread) + 37;

    private readonly int _saved = Parallelism.ThreadCount;

    public void Dispose() => Parallelism.ThreadCount = _saved;

    private static float[] RunWith(int threads, Func<Tensor> compute)
    {
        Parallelism.ThreadCount = threads;
        return compute().ToArray();
    }

    public static TheoryData<string> Kernels => ["unary", "fused derivative", "binary", "add scaled", "scale", "adam", "sgd"];

    [Theory, MemberData(nameof(Kernels))]
    public void ResultsDoNotDependOnTheThreadCount(string kernel)
    {
        var x = Tensor.Randn([Length], generator: new Generator(1));
        var y = Tensor.Randn([Length], generator: new Generator(2));
        Func<Tensor> compute = kernel switch
        {
            "unary" => () => x.Tanh(),
            "fused derivative" => () =>
            {
                var r = Tensor.Empty([Length], DType.Float32);
                r.Backend.ScaleByDerivative(UnaryKind.Sigmoid, y, x.Sigmoid(), r);
                return r;
            }
            ,
            "binary" => () => (x * y) + (x / (y.Abs() + 1)),
            "add scaled" => () => x.Clone().AddInPlace(y, 0.37),
            "scale" => () => x.Clone().MulInPlace(-1.7),
            "adam" => () =>
            {
                var (p, m, v) = (x.Clone(), y * 0.1, y.Square());
                p.Backend.AdamStep(p, y, m, v, null, new AdamStep(0.99, 0, 0.9, 0.999, 0.3, 1e-8, -0.01, false));
                return p + m + v;
            }
            ,
            "sgd" => () =>
            {
                var (p, b) = (x.Clone(), y.Clone());
                p.Backend.SgdStep(p, y, b, new SgdStep(0.01, true, 0.9, 1, 0.9, -0.1));
                return p + b;
            }
            ,
            _ => throw new ArgumentException(kernel),
        };

        var one = RunWith(1, compute);
        Assert.Equal(one, RunWith(2, compute));
        Assert.Equal(one, RunWith(3, compute));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void WorkIsCutIntoAlignedPiecesThatCoverEveryElementOnce(int threads, int expectedPieces)
    {
        Parallelism.ThreadCount = threads;
        var record = new Coverage(new int[Length]);
        RangeSplit.Run(Length, ref record);
        Assert.All(record.Hits, h => Assert.Equal(1, h));
        Assert.Equal(expectedPieces, record.Starts.Count);
        Assert.All(record.Starts, s => Assert.Equal(0, s % 64));
    }

    [Fact]
    public void SmallWorkStaysOnOneThread()
    {
        Parallelism.ThreadCount = 2;
        var record = new Coverage(new int[RangeSplit.MinPerThread + 1]);
        RangeSplit.Run(record.Hits.Length, ref record);
        Assert.Single(record.Starts);
    }

    private readonly struct Coverage(int[] hits) : IRangeWork
    {
        public int[] Hits => hits;

        public System.Collections.Concurrent.ConcurrentBag<int> Starts { get; } = [];

        public void Run(int start, int length)
        {
            Starts.Add(start);
            for (var i = start; i < start + length; i++)
            {
                Interlocked.Increment(ref hits[i]);
            }
        }
    }
}
