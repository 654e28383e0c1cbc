using NeuralSharp.Nn;

namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>
    /// Knowledge distillation (Hinton, Vinyals and Dean, 2015): a student learns from a teacher's softened
    /// outputs and from the labels, α T² KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α) CE(s, labels) per example,
    /// with s the student's logits and t the teacher's.
    /// </summary>
    /// <remarks>
    /// <para>The KL term is PyTorch's <c>T * T * kl_div(log_softmax(s / T), softmax(t / T), reduction="batchmean")</c>:
    /// summed over classes, averaged over the batch (with <see cref="Reduction.Mean"/>). The T² keeps its gradient
    /// of the same size as the hard-label term's whatever the temperature, since softening by T scales the soft
    /// term's gradient by 1/T². The cross-entropy is at temperature 1.</para>
    /// <para>The teacher is not trained: its logits are detached, so only the student gets gradients. Composed
    /// from log-softmax, exp and the fused cross-entropy, so reverse and forward mode work without extra code.</para>
    /// </remarks>
    /// <param name="studentLogits">The student's scores, [batch, classes].</param>
    /// <param name="teacherLogits">The teacher's scores for the same inputs, of the same shape.</param>
    /// <param name="labels">One class index in [0, classes) per example.</param>
    /// <param name="temperature">T &gt; 0: how much both distributions are softened (2 to 20 is usual).</param>
    /// <param name="alpha">The weight α in [0, 1] of the teacher's term; 1 − α goes to the labels.</param>
    /// <param name="reduction">Mean over examples (the default; PyTorch's batchmean for the KL term), Sum, or None.</param>
    /// <exception cref="ArgumentException">The shapes differ or are not [batch, classes], or a label is out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is not positive and finite, or α is outside [0, 1].</exception>
    public static Tensor Distillation(Tensor studentLogits, Tensor teacherLogits, int[] labels, double temperature = 4, double alpha = 0.9, Reduction reduction = Reduction.Mean)
    {
        const string name = "distillation";
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherLogits);
        if (studentLogits.Rank != 2)
        {
            throw new ArgumentException($"{name}: expects student logits of shape [batch, classes], got {studentLogits.Shape}", nameof(studentLogits));
        }

        if (teacherLogits.Shape != studentLogits.Shape)
        {
            throw new ArgumentException($"{name}: teacher logits of shape {teacherLogits.Shape} differ from the student's {studentLogits.Shape}", nameof(teacherLogits));
        }

        CheckDistillationSettings(temperature, alpha);
        CheckLabels(name, labels, studentLogits.Size(0), studentLogits.Size(1));
        var logQ = Functional.LogSoftmax(studentLogits / temperature, 1);
        var logP = Functional.LogSoftmax(teacherLogits.Detach().To(studentLogits.DType) / temperature, 1);

        // p (log p - log q) is 0 where p underflows to 0 (log p stays finite), as xlogy would give.
        var kl = (logP.Exp() * (logP - logQ)).Sum(1);
        var hard = CrossEntropy(studentLogits, labels, Reduction.None);
        return Reduce((kl * (alpha * temperature * temperature)) + (hard * (1 - alpha)), reduction);
    }

    /// <summary>Throws unless the temperature is positive and finite and α lies in [0, 1].</summary>
    internal static void CheckDistillationSettings(double temperature, double alpha)
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), $"distillation: the temperature must be positive and finite, got {temperature}");
        }

        if (!(alpha >= 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), $"distillation: alpha must lie in [0, 1], got {alpha}");
        }
    }
}

/// <summary>
/// Knowledge distillation as an object, holding the temperature and the weight of the teacher's term; see
/// <see cref="Loss.Distillation"/>. It takes three inputs (the student's logits, the teacher's and the labels),
/// so a training loop computes the teacher's logits for each batch beside the student's.
/// </summary>
/// <example>
/// <code>
/// var distill = new DistillationLoss(temperature: 4, alpha: 0.9);
/// teacher.Eval();
/// foreach (var batch in loader)
/// {
///     optimizer.ZeroGrad();
///     Tensor teacherLogits;
///     using (GradMode.NoGrad()) { teacherLogits = teacher.Forward(batch.Inputs); }
///     distill.Compute(student.Forward(batch.Inputs), teacherLogits, batch.Labels!).Backward();
///     optimizer.Step();
/// }
/// </code>
/// </example>
public sealed class DistillationLoss
{
    /// <summary>Creates the loss; see <see cref="Loss.Distillation"/> for the arguments.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is not positive and finite, or α is outside [0, 1].</exception>
    public DistillationLoss(double temperature = 4, double alpha = 0.9, Reduction reduction = Reduction.Mean)
    {
        Loss.CheckDistillationSettings(temperature, alpha);
        Temperature = temperature;
        Alpha = alpha;
        Reduction = reduction;
    }

    /// <summary>The temperature T that softens both distributions.</summary>
    public double Temperature { get; }

    /// <summary>The weight α of the teacher's term (1 − α goes to the labels).</summary>
    public double Alpha { get; }

    /// <summary>How the per-example values are combined.</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of the student's logits against the teacher's (detached) and the labels.</summary>
    public Tensor Compute(Tensor studentLogits, Tensor teacherLogits, int[] labels) =>
        Loss.Distillation(studentLogits, teacherLogits, labels, Temperature, Alpha, Reduction);

    /// <inheritdoc/>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"DistillationLoss(temperature={Temperature}, alpha={Alpha}, reduction={Reduction})");
}
