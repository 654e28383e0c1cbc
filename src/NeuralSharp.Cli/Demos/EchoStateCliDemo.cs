using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class EchoStateCliDemo : ICliDemo
{
    public string Name => "echo-state";

    public string Description => "An echo state network (fixed random reservoir, spectral radius 0.9, ridge-regression readout) predicts the chaotic Mackey-Glass series one step ahead";

    public Task<int> RunAsync(DemoContext context)
    {
        var r = EchoStateDemo.Run(seed: context.Seed);
        Table("Mackey-Glass (tau 17), one step ahead: 200-unit reservoir, 10% connectivity, 1500 training steps (100 washout), 500 test steps",
            ["predictor", "train NRMSE", "test NRMSE"],
            [
                ["echo state network, ridge readout", G(r.TrainError), G(r.TestError)],
                ["same reservoir, readout by gradient descent", "", G(r.GradientDescentError)],
                ["persistence x(t+1) = x(t)", "", G(r.PersistenceError)],
            ]);
        Console.WriteLine($"reservoir spectral radius after rescaling: {F(r.SpectralRadius, 4)}; NRMSE is the RMS error over the series' standard deviation (1 is as good as the mean)");
        var steps = Enumerable.Range(1, r.Truth.Length).Select(t => (double)t).ToArray();
        var prediction = new Panel("the test part: prediction against truth", "test step", "x(t)",
            [new Series("truth", steps, r.Truth), new Series("echo state network", steps, r.Prediction, Dashed: true)], Legend: ScottPlot.Alignment.LowerCenter);
        var error = new Panel("absolute error of each prediction", "test step", "|prediction - truth|",
            [
                new Series("echo state network", steps, [.. r.Truth.Select((v, i) => Math.Abs(v - r.Prediction[i]))]),
                new Series("persistence x(t+1) = x(t)", steps[1..], [.. r.Truth.Skip(1).Select((v, i) => Math.Abs(v - r.Truth[i]))]),
            ], LogY: true, Legend: ScottPlot.Alignment.LowerRight);
        var path = context.OutputPath("echo-state.png");
        LineChart.SavePanels(path, [prediction, error], columns: 2, panelWidth: 640, panelHeight: 460);
        Wrote(path);
        return Task.FromResult(0);
    }
}
