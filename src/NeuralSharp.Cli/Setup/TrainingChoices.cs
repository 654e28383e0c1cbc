using NeuralSharp.Losses;
using NeuralSharp.Optim;
using NeuralSharp.Optim.Schedulers;
using NeuralSharp.Training;

namespace NeuralSharp.Cli.Setup;

/// <summary>Maps the names of <c>--loss</c> and <c>--optimizer</c> to library objects.</summary>
internal static class TrainingChoices
{
    public static readonly string[] Losses = ["cross-entropy", "mse"];

    /// <summary>The losses for regression.</summary>
    public static readonly string[] RegressionLosses = ["mse", "mae", "huber"];

    public static readonly string[] Optimizers = ["adam", "adamw", "sgd", "momentum", "nesterov", "course-momentum", "rmsprop", "adagrad"];

    /// <summary>The loss; <c>mse</c> is the course's quadratic cost C = 1/2n sum ||y - a||^2 on one-hot targets.</summary>
    public static ILoss Loss(string name) => name.ToLowerInvariant() switch
    {
        "cross-entropy" or "ce" or "crossentropy" => new CrossEntropyLoss(),
        "mse" or "quadratic" => new QuadraticLoss(),
        _ => throw new ArgumentException($"--loss {name}: unknown loss; use one of {string.Join(", ", Losses)}"),
    };

    /// <summary>A regression loss: mean squared error, mean absolute error or Huber's (delta 1, on standardised targets).</summary>
    public static ILoss RegressionLoss(string name) => name.ToLowerInvariant() switch
    {
        "mse" or "quadratic" => new MseLoss(),
        "mae" or "l1" => new L1Loss(),
        "huber" => new HuberLoss(),
        _ => throw new ArgumentException($"--loss {name}: not a regression loss; use one of {string.Join(", ", RegressionLosses)}"),
    };

    /// <summary>The loss for the task: <see cref="Loss(string)"/> for classification, <see cref="RegressionLoss"/> for regression.</summary>
    public static ILoss Loss(string name, bool regression) => regression ? RegressionLoss(name) : Loss(name);

    public static bool UsesOneHotTargets(ILoss loss) => loss is QuadraticLoss;

    /// <summary>The default learning rate of each optimiser (PyTorch's, and the course's 3.0 for plain SGD with the quadratic cost).</summary>
    public static double DefaultLearningRate(string optimizer, ILoss loss) => optimizer.ToLowerInvariant() switch
    {
        "adam" or "adamw" or "rmsprop" => 1e-3,
        "adagrad" => 1e-2,
        _ => loss is QuadraticLoss ? 3.0 : 0.1,
    };

    public static Optimizer Optimizer(string name, IEnumerable<Tensor> parameters, double lr) => name.ToLowerInvariant() switch
    {
        "adam" => new Adam(parameters, lr),
        "adamw" => new AdamW(parameters, lr),
        "sgd" => new SGD(parameters, lr),
        "momentum" => new SGD(parameters, lr, momentum: 0.9),
        "nesterov" => new SGD(parameters, lr, momentum: 0.9, nesterov: true),
        "course-momentum" => new CourseMomentum(parameters, lr),
        "rmsprop" => new RMSProp(parameters, lr),
        "adagrad" => new AdaGrad(parameters, lr),
        _ => throw new ArgumentException($"--optimizer {name}: unknown optimiser; use one of {string.Join(", ", Optimizers)}"),
    };

    public static readonly string[] Schedules = ["auto", "none", "cosine", "step"];

    /// <summary>
    /// "auto" decays the learning rate along a cosine for the adaptive optimisers, which otherwise keep
    /// jumping around the minimum late in training, and keeps it constant for SGD, as the course does.
    /// </summary>
    public static string ResolveSchedule(string schedule, string optimizer) => schedule.ToLowerInvariant() switch
    {
        "auto" => optimizer.ToLowerInvariant() is "adam" or "adamw" or "rmsprop" ? "cosine" : "none",
        "none" or "cosine" or "step" => schedule.ToLowerInvariant(),
        _ => throw new ArgumentException($"--schedule {schedule}: unknown schedule; use one of {string.Join(", ", Schedules)}"),
    };

    public static LearningRateScheduling? Schedule(string resolved, Optimizer optimizer, int epochs) => resolved switch
    {
        "cosine" => new LearningRateScheduling(new CosineAnnealingLR(optimizer, epochs)),
        "step" => new LearningRateScheduling(new StepLR(optimizer, Math.Max(1, epochs / 3), 0.1)),
        _ => null,
    };
}
