using System.Globalization;
using NeuralSharp.Cli.Demos;
using NeuralSharp.Data;
using NeuralSharp.Demos;

namespace NeuralSharp.Tests.Cli;

/// <summary>
/// <c>demo transfer</c> and <c>demo distill</c> (issue 14) print their tables. They train on MNIST, which tests do not
/// download, so the tables shown here are computed on the 100-image MNIST fixture at tiny sizes; the claims
/// themselves are asserted in TransferDemoTests and DistillationDemoTests.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class TransferDemoCliTests
{
    private static ImageDataset Fixture() => ImageDataset.FromIdx(
        IdxReader.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist-t10k-first100-images-idx3-ubyte.gz")),
        IdxReader.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist-t10k-first100-labels-idx1-ubyte.gz")));

    [Fact]
    public async Task TransferPrintsOneRowPerMethodAndTheVerdict()
    {
        var images = Fixture();
        var result = TransferDemo.Run(images, images, examplesPerClass: [3], hidden: [16], sourceExamples: 60, sourceEpochs: 2, targetSteps: 10, seed: 1);
        var (code, output) = await CliRunner.Capture(_ => { TransferCliDemo.Show(result); return Task.FromResult(0); });

        Assert.Equal(0, code);
        Assert.Contains($"source network 784-16-5 trained on {result.SourceExamples} images of digits 0-4", output);
        var rows = CliRunner.Rows(output, "3").ToArray();
        Assert.Equal([TransferDemo.Scratch, TransferDemo.Frozen, TransferDemo.FineTuned], rows.Select(r => r[1]));
        Assert.Equal(["12,645", "85", "12,645"], rows.Select(r => r[2]));
        Assert.Equal(result.Rows.Select(r => r.TestAccuracy.ToString("F3", CultureInfo.InvariantCulture)), rows.Select(r => r[3]));
        var verdict = result.Accuracy(TransferDemo.Frozen, 3) > result.Accuracy(TransferDemo.Scratch, 3) ? "the reused network wins" : "from scratch wins";
        Assert.Contains(FormattableString.Invariant($"3 per class: the reused body with a new head reaches {result.Accuracy(TransferDemo.Frozen, 3):F3}, from scratch {result.Accuracy(TransferDemo.Scratch, 3):F3} ({verdict})"), output);
    }

    [Fact]
    public async Task DistillPrintsTheTeacherAndBothStudents()
    {
        var images = Fixture();
        var result = DistillationDemo.Run(images, images, teacherHidden: [32], studentHidden: 30, teacherExamples: 100, teacherEpochs: 2,
            studentExamples: 20, studentEpochs: 2, transferImages: 30, transferEpochs: 1, seed: 1);
        var (code, output) = await CliRunner.Capture(_ => { DistillCliDemo.Show(result); return Task.FromResult(0); });

        Assert.Equal(0, code);
        Assert.Contains("knowledge distillation on MNIST (T = 4, alpha = 0.9): test accuracy", output);
        var teacher = CliRunner.Rows(output, "teacher").Single();
        Assert.Equal(["784-32-10", "25,450"], teacher[1..3]);
        var alone = CliRunner.Rows(output, "student alone").Single();
        var taught = CliRunner.Rows(output, "student taught").Single();
        Assert.Equal(["784-30-10", "23,860", result.Alone.TrainingExamples.ToString(CultureInfo.InvariantCulture), "0"], alone[1..5]);
        Assert.Equal(result.Taught.TeacherLabelledImages.ToString(CultureInfo.InvariantCulture), taught[4]);
        Assert.Equal(result.Taught.TestAccuracy.ToString("F3", CultureInfo.InvariantCulture), taught[5]);
        Assert.Contains(FormattableString.Invariant($"the taught student reaches {result.Taught.TestAccuracy:F3}, alone {result.Alone.TestAccuracy:F3}"), output);
    }
}
