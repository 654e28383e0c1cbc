using NeuralSharp.Autograd;
using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Tests.Training;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Losses;

public class TeacherLossTests
{
    [Fact]
    public void FitWithATeacherRunsTheLoopADistillationUserWritesByHand()
    {
        var data = TrainingTestData.Blobs(perClass: 8);
        var teacher = TrainingTestData.SmallNet(seed: 7);
        var student = TrainingTestData.SmallNet(seed: 3);
        var byHand = student.Clone();

        Trainer.Fit(student, new TeacherLoss(teacher, temperature: 3, alpha: 0.7), new SGD(student.Parameters(), 0.1), data,
            new FitOptions { Epochs = 1, BatchSize = 8, Shuffle = false });

        var distill = new DistillationLoss(temperature: 3, alpha: 0.7);
        var optimizer = new SGD(byHand.Parameters(), 0.1);
        foreach (var batch in new DataLoader(data, 8))
        {
            optimizer.ZeroGrad();
            Tensor teacherLogits;
            using (GradMode.NoGrad())
            {
                teacherLogits = teacher.Forward(batch.Inputs);
            }

            distill.Compute(byHand.Forward(batch.Inputs), teacherLogits, batch.Labels!).Backward();
            optimizer.Step();
        }

        foreach (var (name, p) in student.NamedParameters())
        {
            Assert.Equal(byHand.StateDict()[name].ToArray(), p.ToArray());
        }

        Assert.True(teacher.IsTraining, "the teacher's mode is restored");
    }

    [Fact]
    public void ItNeedsLabelsAndMatchingOutputsAndTheBatch()
    {
        var loss = new TeacherLoss(new Linear(2, 4, generator: new Generator(1)));
        var prediction = Tensor.Zeros([3, 3]);
        var inputs = Tensor.Zeros([3, 2]);
        Assert.Contains("no class labels", Assert.Throws<ArgumentException>(() => loss.Compute(prediction, new Batch(inputs, Tensor.Zeros([3, 3]), null))).Message);
        Assert.Contains("[3, 4] does not match the student's [3, 3]", Assert.Throws<ArgumentException>(() => loss.Compute(prediction, new Batch(inputs, null, [0, 1, 2]))).Message);
        Assert.Throws<NotSupportedException>(() => loss.Compute(prediction, prediction));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TeacherLoss(new Linear(2, 3), temperature: 0));
    }
}
