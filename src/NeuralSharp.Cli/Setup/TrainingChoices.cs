using NeuralSharp.Losses;
using NeuralSharp.Optim;

namespace NeuralSharp.Cli.Setup;

/// <summary>Maps the names of <c>--loss</c> and <c>--optimizer</c> to library objects.</summary>
internal static class TrainingChoices
{
    public static readonly string[] Losses = ["cross-entropy", "mse"];

    public static readonly string[] Optimizers = ["adam", "adamw", "sgd", "momentum", "nesterov", "course-momentum", "rmsprop", "adagrad"];

    /// <summary>The loss; <c>mse</c> is the course's quadratic cost C = 1/2n sum ||y - a||^2 on one-hot targets.</summary>
    public static ILoss Loss(string name) => name.ToLowerInvariant() switch
    {
        "cross-entropy" or "ce" or "crossentropy" => new CrossEntropyLoss(),
        "mse" or "quadratic" => new QuadraticLoss(),
        _ => throw new ArgumentException($"--loss {name}: unknown loss; use one of {string.Join(", ", Losses)}"),
    };

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
}
