namespace NeuralSharp.Tests;

/// <summary>
/// Tests that bound how much a call allocates run alone: the process-wide allocation counter they read would
/// otherwise also count whatever the tests running beside them allocate.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAllocationCollection
{
    public const string Name = "Measured allocation";
}
