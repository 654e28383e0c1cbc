using Spectre.Console;

namespace NeuralSharp.Cli.Rendering;

/// <summary>
/// Silences the console (Spectre's and <see cref="Console.Out"/>) until disposed: what <c>--quiet</c> and <c>--json</c>
/// keep off standard output. Errors are not affected; they go to standard error through <see cref="CliApp"/>.
/// </summary>
internal sealed class ConsoleSilence : IDisposable
{
    private readonly IAnsiConsole _console = AnsiConsole.Console;
    private readonly TextWriter _out = Console.Out;
    private bool _disposed;

    public ConsoleSilence()
    {
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(TextWriter.Null),
        });
        Console.SetOut(TextWriter.Null);
    }

    /// <summary>Gives the console back; a second call does nothing.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            AnsiConsole.Console = _console;
            Console.SetOut(_out);
        }
    }
}
