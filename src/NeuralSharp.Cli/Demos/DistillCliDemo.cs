using System.Globalization;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class DistillCliDemo : ICliDemo
{
    public string Name => "distill";

    public string Description => "A 784-30-10 student taught by a larger trained teacher's softened outputs (knowledge distillation) against the same student trained alone";

    public async Task<int> RunAsync(DemoContext context)
    {
        var (train, test) = await MnistForDemos.LoadAsync(context);
        Show(DistillationDemo.Run(train, test, seed: context.Seed));
        return 0;
    }

    /// <summary>Prints the table and the verdict (separate from the run so that tests can show a result computed on a few images).</summary>
    internal static void Show(DistillationResult result)
    {
        Table(string.Create(CultureInfo.InvariantCulture, $"knowledge distillation on MNIST (T = {G(result.Temperature)}, alpha = {G(result.Alpha)}): test accuracy"),
            ["network", "layers", "parameters", "labelled examples", "images with only the teacher's outputs", "test accuracy"],
            result.Rows.Select(r => new[] { r.Network, r.Architecture, r.Parameters.ToString("N0", CultureInfo.InvariantCulture), r.TrainingExamples.ToString("N0", CultureInfo.InvariantCulture), r.TeacherLabelledImages.ToString("N0", CultureInfo.InvariantCulture), F(r.TestAccuracy) }));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the taught student reaches {F(result.Taught.TestAccuracy)}, alone {F(result.Alone.TestAccuracy)} ({(result.Taught.TestAccuracy > result.Alone.TestAccuracy ? "the taught student wins" : "the student alone wins")}); the teacher {F(result.Teacher.TestAccuracy)}"));
    }
}
