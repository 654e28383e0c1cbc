using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace NeuralSharp;

/// <summary>
/// Process-wide control of how many threads the compute kernels may use.
/// </summary>
/// <remarks>
/// Kernels that split work across threads never split a reduction, so their results are
/// bit-identical whatever <see cref="ThreadCount"/> is.
/// </remarks>
public static class Parallelism
{
    private static int threadCount = CanStartThreads ? Environment.ProcessorCount : 1;

    /// <summary>
    /// False where the runtime cannot start threads (WebAssembly in a browser page, WASI): there every kernel runs on the
    /// calling thread, whatever <see cref="ThreadCount"/> says, so the library works there without being told.
    /// </summary>
    public static bool CanStartThreads { get; } = !OperatingSystem.IsBrowser() && !OperatingSystem.IsWasi();

    /// <summary>
    /// Gets or sets the maximum number of threads (the calling thread included) that a kernel
    /// may use. Defaults to <see cref="Environment.ProcessorCount"/>, and to 1 where <see cref="CanStartThreads"/> is false.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int ThreadCount
    {
        get => Volatile.Read(ref threadCount);
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, "Parallelism.ThreadCount must be at least 1.");
            }

            Volatile.Write(ref threadCount, value);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/>.Run(i) for every i in [0, <paramref name="count"/>) on up to
    /// <paramref name="maxThreads"/> threads, the caller included, and returns when all are done.
    /// </summary>
    /// <remarks>
    /// Allocation-free: the state stays on the caller's stack and the workers reach it through
    /// a pointer, which is safe because the caller blocks until every item has run. Nested or
    /// concurrent calls run inline rather than queueing behind the pool.
    /// </remarks>
    internal static unsafe void For<T>(int count, int maxThreads, ref T work)
        where T : struct, IParallelWork
    {
        int threads = Math.Min(Math.Min(maxThreads, ThreadCount), count);
        if (threads <= 1 || !CanStartThreads || WorkerPool.IsWorkerThread || !WorkerPool.TryEnter())
        {
            for (int i = 0; i < count; i++)
            {
                work.Run(i);
            }

            return;
        }

        try
        {
            T local = work;
            WorkerPool.Run(&Invoke<T>, Unsafe.AsPointer(ref local), count, threads - 1);
        }
        finally
        {
            WorkerPool.Exit();
        }
    }

    private static unsafe void Invoke<T>(void* state, int index)
        where T : struct, IParallelWork => Unsafe.AsRef<T>(state).Run(index);
}

/// <summary>One indexed work item of a <see cref="Parallelism.For{T}"/> loop.</summary>
internal interface IParallelWork
{
    /// <summary>Runs item <paramref name="index"/>; items must not depend on each other.</summary>
    void Run(int index);
}

/// <summary>
/// A persistent pool of background threads that share one job at a time. Workers pull item
/// indices from a shared counter so a core slowed by other processes simply takes fewer items.
/// </summary>
internal static unsafe class WorkerPool
{
    private static readonly Lock Gate = new();
    private static readonly ManualResetEventSlim Done = new(false);
    private static Worker[] workers = [];

    private static delegate*<void*, int, void> jobFunction;
    private static void* jobState;
    private static int jobCount;
    private static int nextIndex;

    // Helpers join a job by taking one of its open slots; the caller closes the remaining slots when it runs out of
    // items, so a helper that was not scheduled in time (a busy machine) never holds the caller up, and waits only
    // for the helpers that joined.
    private static int openSlots;
    private static int finishedHelpers;
    private static ExceptionDispatchInfo? failure;

    [ThreadStatic]
    private static bool isWorkerThread;

    internal static bool IsWorkerThread => isWorkerThread;

    internal static bool TryEnter() => Gate.TryEnter();

    internal static void Exit() => Gate.Exit();

    /// <summary>Runs the job on the caller plus <paramref name="helpers"/> pool threads. Caller holds the gate.</summary>
    internal static void Run(delegate*<void*, int, void> function, void* state, int count, int helpers)
    {
        EnsureWorkers(helpers);
        jobFunction = function;
        jobState = state;
        jobCount = count;
        failure = null;
        Volatile.Write(ref nextIndex, 0);
        Volatile.Write(ref finishedHelpers, 0);
        Done.Reset();

        // Publishing the slots last makes the job's fields visible to every helper that joins.
        Volatile.Write(ref openSlots, helpers);
        for (int w = 0; w < helpers; w++)
        {
            workers[w].Start.Set();
        }

        isWorkerThread = true;
        try
        {
            RunItems();
        }
        finally
        {
            isWorkerThread = false;
        }

        int joined = helpers - Interlocked.Exchange(ref openSlots, 0);

        // The counter is the only proof that the helpers are done: the event is just a wake-up
        // hint, and a helper of the previous job may set it late, after this job reset it.
        // Spin briefly before blocking: helpers usually finish within microseconds of the caller.
        var spin = new SpinWait();
        while (Volatile.Read(ref finishedHelpers) != joined)
        {
            if (spin.NextSpinWillYield)
            {
                Done.Wait();
                Done.Reset();
            }
            else
            {
                spin.SpinOnce();
            }
        }

        jobState = null;
        failure?.Throw();
    }

    private static void RunItems()
    {
        int count = jobCount;
        int i;
        while ((i = Interlocked.Increment(ref nextIndex) - 1) < count)
        {
            try
            {
                jobFunction(jobState, i);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
            }
        }
    }

    private static bool TryJoin()
    {
        int slots;
        while ((slots = Volatile.Read(ref openSlots)) > 0)
        {
            if (Interlocked.CompareExchange(ref openSlots, slots - 1, slots) == slots)
            {
                return true;
            }
        }

        return false;
    }

    private static void EnsureWorkers(int helpers)
    {
        if (workers.Length >= helpers)
        {
            return;
        }

        var grown = new Worker[helpers];
        Array.Copy(workers, grown, workers.Length);
        for (int w = workers.Length; w < helpers; w++)
        {
            grown[w] = new Worker(w);
        }

        workers = grown;
    }

    private static void WorkerLoop(object? state)
    {
        var self = (Worker)state!;
        isWorkerThread = true;
        long spinTicks = System.Diagnostics.Stopwatch.Frequency / 10_000;
        while (true)
        {
            // Kernels often come back to back (the layers of a step): keep watching for the next
            // job for about 100 us before sleeping, since waking a sleeping thread can take tens
            // of microseconds on a virtual machine. The event stays the actual hand-off.
            long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + spinTicks;
            while (!self.Start.IsSet && System.Diagnostics.Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(20);
            }

            self.Start.Wait();
            self.Start.Reset();
            if (!TryJoin())
            {
                continue; // the caller finished the job without this thread
            }

            RunItems();
            Interlocked.Increment(ref finishedHelpers);
            Done.Set();
        }
    }

    private sealed class Worker
    {
        public readonly ManualResetEventSlim Start = new(false);

        public Worker(int index)
        {
            var thread = new Thread(WorkerLoop)
            {
                IsBackground = true,
                Name = $"NeuralSharp worker {index}",
            };
            thread.Start(this);
        }
    }
}
