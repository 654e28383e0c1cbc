using NeuralSharp.Cli.Plots;
using NeuralSharp.IO;

namespace NeuralSharp.Tests.Cli;

/// <summary>Issue 12: <c>--model lstm</c> and <c>--model gru</c> read each 28x28 image as 28 rows of 28 pixels, through train, summary, eval and predict on the 100-image MNIST fixture.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RecurrentModelCliTests : FixtureMnistCommandTests
{
    // LSTM: 4 gates x 128 x (28 + 128) weights and 2 x 4 x 128 biases; GRU: 3 gates; then a 128 x 10 dense layer and its 10 biases.
    [Theory]
    [InlineData("lstm", "LSTM", 4, 82_186)]
    [InlineData("gru", "GRU", 3, 61_962)]
    public async Task TrainsSavesAndReloadsAsARowByRowSequenceModel(string name, string layer, int gates, long parameters)
    {
        var outDir = Dir.File(name);
        var (code, output, error) = await CliRunner.Run("train", "--model", name, "--epochs", "1", "--batch", "20", "--out", outDir);
        Assert.True(code == 0, error + output);
        Assert.Contains("100 training and 100 test examples", output);
        Assert.Contains($"{layer}-128 over 28 rows of 28 pixels", output);
        var model = Path.Combine(outDir, "model.safetensors");
        Assert.True(File.Exists(model), output);
        Assert.False(File.Exists(Path.Combine(outDir, ConvPlots.FiltersFile)));

        (code, var summary, error) = await CliRunner.Run("summary", model);
        Assert.True(code == 0, error);
        Assert.Matches(@"Unflatten[^\n]*\[1, 28, 28\]", summary);
        Assert.Matches($@"LastStep[^\n]*\[1, 128\]", summary);
        Assert.Matches(@"Linear\(in_features=128, out_features=10[^\n]*\[1, 10\]", summary);
        Assert.Equal(parameters, (gates * 128 * (28 + 128)) + (2 * gates * 128) + (128 * 10) + 10);
        Assert.Contains($"Total parameters: {parameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}", summary);

        // The saved file holds PyTorch's names for the recurrent layer, under the LastStep's child.
        var net = Model.Load(model);
        var names = net.NamedParameters().Select(p => p.Key).ToArray();
        Assert.Contains("1.rnn.weight_ih_l0", names);
        Assert.Contains("1.rnn.weight_hh_l0", names);
        Assert.Equal([gates * 128, 28], net.NamedParameters().Single(p => p.Key == "1.rnn.weight_ih_l0").Value.Shape.ToArray());

        await TrainedModelChecks.EvalAndPredict(model, Mnist);
    }
}
