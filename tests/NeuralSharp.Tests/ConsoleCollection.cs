namespace NeuralSharp.Tests;

/// <summary>
/// Tests that redirect the process's console (<see cref="Console.Out"/>, Spectre's <c>AnsiConsole</c>) or change its
/// current directory run alone: a test running beside them would write into their capture, or find its files elsewhere.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Process console and current directory";
}
