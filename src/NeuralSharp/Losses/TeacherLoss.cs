using NeuralSharp.Autograd;
using NeuralSharp.Data;
using NeuralSharp.Nn;

namespace NeuralSharp.Losses;

/// <summary>
/// Knowledge distillation for <see cref="Training.Trainer.Fit"/>: each batch goes through <see cref="Teacher"/> too (in
/// evaluation mode, without gradients), and the student learns from its softened outputs and the labels with
/// <see cref="Loss.Distillation"/>.
/// </summary>
/// <example>
/// <code>
/// var loss = new TeacherLoss(Model.Load("teacher.safetensors"), temperature: 4, alpha: 0.9);
/// Trainer.Fit(student, loss, new Adam(student.Parameters()), train);
/// </code>
/// </example>
public sealed class TeacherLoss : IBatchLoss
{
    private readonly DistillationLoss _distillation;

    /// <summary>Creates the loss; see <see cref="Loss.Distillation"/> for the temperature and α.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is not positive and finite, or α is outside [0, 1].</exception>
    public TeacherLoss(Module teacher, double temperature = 4, double alpha = 0.9, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        Teacher = teacher;
        _distillation = new DistillationLoss(temperature, alpha, reduction);
    }

    /// <summary>The trained network whose outputs the student learns from; it is never updated.</summary>
    public Module Teacher { get; }

    /// <summary>The temperature T that softens both distributions.</summary>
    public double Temperature => _distillation.Temperature;

    /// <summary>The weight α of the teacher's term (1 − α goes to the labels).</summary>
    public double Alpha => _distillation.Alpha;

    /// <inheritdoc/>
    public Reduction Reduction => _distillation.Reduction;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The batch has no class labels, or the teacher's output does not match the student's.</exception>
    public Tensor Compute(Tensor prediction, Batch batch)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(batch);
        var labels = batch.Labels ?? throw new ArgumentException("teacher loss: the batch has no class labels (distillation is for classifiers)");
        Tensor teacherLogits;
        var wasTraining = Teacher.IsTraining;
        Teacher.Eval();
        try
        {
            using (GradMode.NoGrad())
            {
                teacherLogits = Teacher.Call(batch.Inputs.To(Teacher.DType)).To(prediction.DType);
            }
        }
        finally
        {
            Teacher.Train(wasTraining);
        }

        if (teacherLogits.Shape != prediction.Shape)
        {
            throw new ArgumentException($"teacher loss: the teacher's output {teacherLogits.Shape} does not match the student's {prediction.Shape}");
        }

        return _distillation.Compute(prediction, teacherLogits, labels);
    }

    /// <summary>Not available: the teacher needs the batch's inputs, which only <see cref="Compute(Tensor, Batch)"/> has.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public Tensor Compute(Tensor prediction, Tensor target) =>
        throw new NotSupportedException("teacher loss: needs the batch's inputs for the teacher; train with Trainer.Fit or call Compute(prediction, batch)");

    /// <inheritdoc/>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"TeacherLoss(temperature={Temperature}, alpha={Alpha}, teacher={Teacher.TypeName})");
}
