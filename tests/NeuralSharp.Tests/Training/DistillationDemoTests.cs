using NeuralSharp.Demos;

namespace NeuralSharp.Tests.Training;

/// <summary>The distillation demo's claim (issue 14) on synthetic images: the taught student beats the one trained alone.</summary>
public class DistillationDemoTests
{
    [Fact]
    public void TheTaughtStudentBeatsTheSameStudentTrainedAlone()
    {
        var (train, test) = SyntheticDigits.Create(trainCount: 4000, testCount: 1000);
        var result = DistillationDemo.Run(train, test, teacherHidden: [64], studentHidden: 8, teacherExamples: 4000, teacherEpochs: 10,
            studentExamples: 50, studentEpochs: 40, transferImages: 1500, transferEpochs: 5, seed: 2);

        Assert.Equal("64-8-10", result.Alone.Architecture);
        Assert.Equal((64 * 8) + 8 + (8 * 10) + 10, result.Taught.Parameters);
        Assert.Equal(50, result.Alone.TrainingExamples);
        Assert.Equal(50, result.Taught.TrainingExamples);
        Assert.Equal(1500, result.Taught.TeacherLabelledImages);
        Assert.True(result.Teacher.TestAccuracy > result.Alone.TestAccuracy, $"teacher {result.Teacher.TestAccuracy}, alone {result.Alone.TestAccuracy}");
        Assert.True(result.Taught.TestAccuracy > result.Alone.TestAccuracy + 0.05, $"taught {result.Taught.TestAccuracy}, alone {result.Alone.TestAccuracy}");
    }
}
