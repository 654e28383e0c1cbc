using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Demos;

/// <summary>One network of <see cref="DistillationDemo"/>.</summary>
/// <param name="Network">What it is: the teacher, the student alone, or the student taught.</param>
/// <param name="Architecture">Its layer sizes, e.g. 784-30-10.</param>
/// <param name="Parameters">Its parameter count.</param>
/// <param name="TrainingExamples">The labelled examples it was trained on.</param>
/// <param name="TeacherLabelledImages">Further images it was trained on with only the teacher's outputs for them (no labels).</param>
/// <param name="TestAccuracy">The share of the test images it classifies correctly.</param>
public sealed record DistillationRow(string Network, string Architecture, long Parameters, int TrainingExamples, int TeacherLabelledImages, double TestAccuracy);

/// <summary>What <see cref="DistillationDemo.Run"/> measured.</summary>
/// <param name="Temperature">The distillation temperature T.</param>
/// <param name="Alpha">The weight of the teacher's softened outputs in the student's loss.</param>
/// <param name="Rows">The teacher, the student trained alone and the student taught, in that order.</param>
public sealed record DistillationResult(double Temperature, double Alpha, IReadOnlyList<DistillationRow> Rows)
{
    /// <summary>The teacher's row.</summary>
    public DistillationRow Teacher => Rows[0];

    /// <summary>The row of the student trained on the labels alone.</summary>
    public DistillationRow Alone => Rows[1];

    /// <summary>The row of the student trained on the labels and the teacher's softened outputs.</summary>
    public DistillationRow Taught => Rows[2];
}

/// <summary>
/// Knowledge distillation: a larger network, trained first, teaches a small one (the course's 784-30-10) through
/// its outputs softened at temperature T (<see cref="Loss.Distillation"/>). Both students get the same few labelled
/// examples and start from the same weights; the taught one also learns the teacher's softened outputs on them and
/// on a transfer set of further images whose labels it never sees (for those, the teacher's most likely class
/// stands in for the label in the hard term). The softened outputs tell it, per image, which other classes it
/// resembles (a 7 that looks like a 1), which one-hot labels do not; the transfer set is where a teacher is most useful.
/// </summary>
/// <remarks>With <c>transferImages: 0</c> the student is taught on its labelled examples only (Hinton's setting on the
/// same data); on 1,000 MNIST images that gains next to nothing for a 784-30-10 student (docs/generative.md).</remarks>
public static class DistillationDemo
{
    /// <summary>Trains the teacher, then the same student twice from the same initial weights: alone and taught.</summary>
    /// <param name="train">Training images (MNIST's training set).</param>
    /// <param name="test">Test images.</param>
    /// <param name="teacherHidden">The teacher's hidden layer sizes.</param>
    /// <param name="studentHidden">The student's hidden layer size.</param>
    /// <param name="teacherExamples">The labelled examples the teacher is trained on (at most; spread over the classes).</param>
    /// <param name="teacherEpochs">The teacher's passes over them.</param>
    /// <param name="studentExamples">The labelled examples the student is trained on (a subset of the teacher's).</param>
    /// <param name="studentEpochs">The student's passes over its labelled examples (alone, or taught without a transfer set).</param>
    /// <param name="transferImages">Further training images, disjoint from the student's labelled ones, that the taught student learns from the teacher alone.</param>
    /// <param name="transferEpochs">The taught student's passes over its labelled examples and the transfer set together.</param>
    /// <param name="temperature">The temperature T.</param>
    /// <param name="alpha">The weight of the teacher's term.</param>
    /// <param name="studentLearningRate">Adam's learning rate for the student, alone and taught.</param>
    /// <param name="seed">Seeds the weights, the examples drawn and the shuffling.</param>
    public static DistillationResult Run(
        ImageDataset train,
        ImageDataset test,
        int[]? teacherHidden = null,
        int studentHidden = 30,
        int teacherExamples = 60_000,
        int teacherEpochs = 2,
        int studentExamples = 1_000,
        int studentEpochs = 30,
        int transferImages = 10_000,
        int transferEpochs = 5,
        double temperature = 4,
        double alpha = 0.9,
        double studentLearningRate = 3e-3,
        int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        teacherHidden ??= [300, 100];
        var classes = Enumerable.Range(0, train.ClassCount).ToArray();
        var teacherData = DemoTraining.Select(train, classes, perClass: teacherExamples / classes.Length, seed: seed);
        // The labelled examples come from the first half of the training set, the transfer set from the second.
        var half = train.Count / 2;
        var studentData = DemoTraining.Select(train.Slice(0, half), classes, perClass: studentExamples / classes.Length, seed: seed);
        var transfer = DemoTraining.Select(train.Slice(half, train.Count - half), classes, perClass: transferImages / classes.Length, seed: seed).Inputs;
        var testData = DemoTraining.Select(test, classes);

        int[] teacherSizes = [train.PixelsPerImage, .. teacherHidden, classes.Length];
        var teacher = DemoNetworks.Mlp(teacherSizes, () => new ReLU(), new Generator(seed));
        DemoTraining.Fit(teacher, new Adam(teacher.Parameters(), 1e-3), teacherData, teacherEpochs, batchSize: 64, seed);

        int[] studentSizes = [train.PixelsPerImage, studentHidden, classes.Length];
        var initial = DemoNetworks.Mlp(studentSizes, () => new Sigmoid(), new Generator(seed + 1));
        var alone = initial.Clone();
        DemoTraining.Fit(alone, new Adam(alone.Parameters(), studentLearningRate), studentData, studentEpochs, batchSize: 32, seed + 2);

        var taught = initial.Clone();
        var taughtEpochs = transfer.Shape[0] == 0 ? studentEpochs : transferEpochs;
        Teach(taught, teacher, studentData, transfer, new DistillationLoss(temperature, alpha), new Adam(taught.Parameters(), studentLearningRate), taughtEpochs, batchSize: 32, seed + 2);

        string Sizes(int[] s) => string.Join("-", s);
        return new DistillationResult(temperature, alpha,
        [
            new("teacher", Sizes(teacherSizes), teacher.ParameterCount, teacherData.Count, 0, DemoTraining.Accuracy(teacher, testData)),
            new("student alone", Sizes(studentSizes), alone.ParameterCount, studentData.Count, 0, DemoTraining.Accuracy(alone, testData)),
            new("student taught", Sizes(studentSizes), taught.ParameterCount, studentData.Count, transfer.Shape[0], DemoTraining.Accuracy(taught, testData)),
        ]);
    }

    /// <summary>
    /// Trains <paramref name="student"/> with <paramref name="loss"/> on <paramref name="labelled"/> (its labels and the
    /// teacher's logits) and on the <paramref name="transfer"/> images (the teacher's logits, and its most likely class
    /// in place of a label). The teacher's logits are computed once, in evaluation mode, and shuffled with the images.
    /// </summary>
    public static void Teach(Module student, Module teacher, TensorDataset labelled, Tensor? transfer, DistillationLoss loss, Optimizer optimizer, int epochs, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        var labels = labelled.Labels ?? throw new ArgumentException("distillation: the labelled data set has no class labels", nameof(labelled));
        var inputs = labelled.Inputs;
        if (transfer is { } images && images.Shape[0] > 0)
        {
            inputs = Tensor.Concat([inputs, images], 0);
            labels = [.. labels, .. Metrics.Classification.Predictions(Trainer.Predict(teacher, images))];
        }

        var loader = new DataLoader(new TensorDataset(inputs, Trainer.Predict(teacher, inputs), labels), batchSize, shuffle: true, generator: new Generator(seed));
        student.Train();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            foreach (var batch in loader)
            {
                optimizer.ZeroGrad();
                loss.Compute(student.Forward(batch.Inputs), batch.Targets!, batch.Labels!).Backward();
                optimizer.Step();
            }
        }
    }
}
