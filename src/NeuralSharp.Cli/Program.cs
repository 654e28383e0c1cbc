using NeuralSharp.Cli;
using Spectre.Console;

// Redirected to a file or a pipe, Spectre would wrap at 80 columns in the middle of a phrase; a line is as long as
// what it says instead (tables are as wide as their contents).
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 1000;
}

return await CliApp.RunAsync(args);
