using NeuralSharp.Diagnostics;

namespace NeuralSharp.Cli.Demos;

internal sealed class BackpropCliDemo : ICliDemo
{
    public string Name => "backprop";

    public string Description => "Every forward value, gradient and update of the worked backpropagation example";

    public Task<int> RunAsync(DemoContext context)
    {
        foreach (var line in BackpropTrace.WorkedExample().Lines)
        {
            Console.WriteLine(line);
        }

        return Task.FromResult(0);
    }
}
