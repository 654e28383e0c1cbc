namespace NeuralSharp.Nn;

/// <summary>Builders for well-known networks, made of the library's layers.</summary>
public static class Models
{
    /// <summary>
    /// LeNet-5 for 28x28 single-channel images (LeCun et al. 1998, with ReLU and max pooling as usually trained today):
    /// conv 5x5 1 -> 6 with padding 2, ReLU, max-pool 2; conv 5x5 6 -> 16, ReLU, max-pool 2; flatten 16x5x5 = 400;
    /// dense 400 -> 120 -> 84 -> <paramref name="classes"/> with ReLU between. Input [N, 1, 28, 28], output logits.
    /// </summary>
    /// <param name="classes">The number of output classes.</param>
    /// <param name="generator">The source of the initial weights (or <see cref="Generator.Default"/>).</param>
    public static Sequential LeNet5(int classes = 10, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        return new Sequential(
            new Conv2d(1, 6, 5, padding: 2, generator: g),
            new ReLU(),
            new MaxPool2d(2),
            new Conv2d(6, 16, 5, generator: g),
            new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear(400, 120, generator: g),
            new ReLU(),
            new Linear(120, 84, generator: g),
            new ReLU(),
            new Linear(84, classes, generator: g));
    }
}
