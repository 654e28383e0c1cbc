namespace NeuralSharp.Cli.Demos;

/// <summary>
/// One <c>neuralsharp demo NAME</c>. A demo is one file in this folder: the command finds every
/// implementation by reflection, so adding a demo touches nothing else. The computation lives in the
/// library (<c>NeuralSharp.Demos</c>, where the tests assert its claim); the class here prints the table
/// and writes the picture.
/// </summary>
internal interface ICliDemo
{
    /// <summary>The sub-command's name, e.g. <c>xor</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>The epochs a demo that trains runs by default; not null gives its sub-command an <c>--epochs</c> option (<see cref="DemoContext.Epochs"/>).</summary>
    int? DefaultEpochs => null;

    /// <summary>Runs the demo; returns the process exit code.</summary>
    Task<int> RunAsync(DemoContext context);
}
