using System.CommandLine;
using System.CommandLine.Help;
using System.Runtime.InteropServices;
using NeuralSharp.Cli.Commands;
using NeuralSharp.Cli.Rendering;

namespace NeuralSharp.Cli;

/// <summary>The <c>neuralsharp</c> command: builds the command tree and turns every failure into one line and a non-zero exit code.</summary>
internal static class CliApp
{
    /// <summary>Sets how many threads the kernels use; every command accepts it.</summary>
    public static readonly Option<int?> Threads = new("--threads")
    {
        Description = "Threads for the matrix kernels (default: all cores)",
        Recursive = true,
    };

    /// <summary>What users type: the usage lines and errors say this, not the assembly's file name.</summary>
    public const string ToolName = "neuralsharp";

    public static Command BuildRoot()
    {
        // A RootCommand is named after the executable file (NeuralSharp.Cli); a plain command with RootCommand's
        // --help and --version options is named after the tool.
        var root = new Command(ToolName, "NeuralSharp: neural networks in pure C#. Train, evaluate and inspect networks on MNIST, Fashion-MNIST and CSV tables.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Options.Add(Threads);
        root.Options.Add(JsonReport.Option);
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(SummaryCommand.Create());
        root.Subcommands.Add(GradcheckCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        error ??= Console.Error;
        var parse = BuildRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine($"error: {StrayPathAfterCsv(args) ?? string.Join("; ", parse.Errors.Select(e => e.Message)) + " (see --help)"}");
            return 2;
        }

        try
        {
            if (parse.GetValue(Threads) is { } threads)
            {
                // More threads than cores only slow the kernels down (1,000 made an epoch 7x slower than 1).
                if (threads < 1 || threads > 4 * Environment.ProcessorCount)
                {
                    throw new ArgumentException($"--threads {threads}: must be between 1 and {4 * Environment.ProcessorCount} (4 per core)");
                }

                Parallelism.ThreadCount = threads;
            }

            // Ctrl+C and SIGTERM cancel the token that every command passes down (training stops after the current
            // batch); System.CommandLine's own handler would end the process two seconds later, message or not.
            using var cancel = new CancellationTokenSource();
            using var sigint = CancelOn(PosixSignal.SIGINT, cancel);
            using var sigterm = CancelOn(PosixSignal.SIGTERM, cancel);
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            if (output is not null)
            {
                config.Output = output;
                config.Error = error;
            }

            if (!parse.GetValue(JsonReport.Option))
            {
                return await parse.InvokeAsync(config, cancel.Token);
            }

            var (code, json) = await JsonReport.Capture(() => parse.InvokeAsync(config, cancel.Token));
            if (json is not null)
            {
                (output ?? Console.Out).WriteLine(json);
            }

            return code;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("error: cancelled");
            return 130;
        }
        catch (Exception e)
        {
            // One line, never a stack trace: the message says what went wrong and what to do.
            error.WriteLine($"error: {OneLine(e)}");
            return 1;
        }
    }

    /// <summary>The first signal cancels; a second one, if the command has not stopped yet, ends the process as usual.</summary>
    private static PosixSignalRegistration? CancelOn(PosixSignal signal, CancellationTokenSource cancel)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, context =>
            {
                if (!cancel.IsCancellationRequested)
                {
                    context.Cancel = true;
                    cancel.Cancel();
                }
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    /// <summary>"--dataset csv: data.csv" (a space after the colon) leaves the path as a stray argument: say what was meant.</summary>
    private static string? StrayPathAfterCsv(string[] args)
    {
        var at = Array.FindIndex(args, a => a.Equals("csv:", StringComparison.OrdinalIgnoreCase));
        return at >= 1 && at + 1 < args.Length && args[at - 1] == "--dataset" && !args[at + 1].StartsWith('-')
            ? $"--dataset csv: {args[at + 1]}: write the path right after the colon, with no space: --dataset csv:{args[at + 1]}"
            : null;
    }

    private static string OneLine(Exception e)
    {
        var message = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0].Message : e.Message;
        return string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
