namespace NeuralSharp.Tests.Training;

/// <summary>
/// Tests that change <see cref="Parallelism.ThreadCount"/>, a process-wide setting, run alone: a test running
/// beside them would see its thread count change mid-way, and theirs could be reset under them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadCountCollection
{
    public const string Name = "Parallelism.ThreadCount";
}
