using System.Globalization;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class TransferCliDemo : ICliDemo
{
    public string Name => "transfer";

    public string Description => "A network trained on MNIST digits 0-4 is reused for 5-9 from few examples (frozen body, new head) against one trained from scratch";

    public async Task<int> RunAsync(DemoContext context)
    {
        var (train, test) = await MnistForDemos.LoadAsync(context);
        Show(TransferDemo.Run(train, test, seed: context.Seed));
        return 0;
    }

    /// <summary>Prints the table and the verdict (separate from the run so that tests can show a result computed on a few images).</summary>
    internal static void Show(TransferResult result)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"source network {result.Architecture} trained on {result.SourceExamples:N0} images of digits 0-4: test accuracy {F(result.SourceAccuracy)} on 0-4"));
        Table($"digits 5-9 with few labelled examples ({result.Architecture}): test accuracy on digits 5-9",
            ["examples per class", "method", "trained parameters", "test accuracy"],
            result.Rows.Select(r => new[] { r.ExamplesPerClass.ToString(CultureInfo.InvariantCulture), r.Method, r.TrainedParameters.ToString("N0", CultureInfo.InvariantCulture), F(r.TestAccuracy) }));
        foreach (var k in result.Rows.Select(r => r.ExamplesPerClass).Distinct())
        {
            var reused = result.Accuracy(TransferDemo.Frozen, k);
            var scratch = result.Accuracy(TransferDemo.Scratch, k);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{k} per class: the reused body with a new head reaches {F(reused)}, from scratch {F(scratch)} ({(reused > scratch ? "the reused network wins" : "from scratch wins")})"));
        }
    }
}
