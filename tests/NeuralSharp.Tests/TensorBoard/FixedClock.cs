namespace NeuralSharp.Tests.TensorBoard;

/// <summary>A clock that always reads the same instant, so that file names and wall times are known.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
