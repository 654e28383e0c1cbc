namespace NeuralSharp.Tests.Cli;

/// <summary>What every model trained on the MNIST fixture must do after <c>train</c>: <c>eval</c> and <c>predict</c> from the saved file.</summary>
internal static class TrainedModelChecks
{
    /// <summary>
    /// <c>eval --json</c> counts all 100 fixture images in its confusion matrix, row by row as the labels fall, and
    /// <c>predict --index 3</c> names the true class and the top three.
    /// </summary>
    public static async Task EvalAndPredict(string model, FixtureMnist mnist)
    {
        var (code, eval, error) = await CliRunner.Run("eval", model, "--json");
        Assert.True(code == 0, error);
        using (var report = System.Text.Json.JsonDocument.Parse(eval))
        {
            Assert.Equal(100, report.RootElement.GetProperty("examples").GetInt32());
            var confusion = report.RootElement.GetProperty("confusion");
            Assert.Equal(100, confusion.EnumerateArray().Sum(row => row.EnumerateArray().Sum(c => c.GetInt32())));
            // The fixture's labels, counted as the confusion matrix's rows are.
            for (var digit = 0; digit < 10; digit++)
            {
                Assert.Equal(mnist.Images.Labels.Count(l => l == digit), confusion[digit].EnumerateArray().Sum(c => c.GetInt32()));
            }
        }

        (code, var predict, error) = await CliRunner.Run("predict", model, "--index", "3");
        Assert.True(code == 0, error);
        Assert.Contains($"true class: {mnist.Images.Labels[3]}", predict);
        Assert.Equal(3, CliRunner.Rows(predict, "1").Count() + CliRunner.Rows(predict, "2").Count() + CliRunner.Rows(predict, "3").Count());
    }
}
