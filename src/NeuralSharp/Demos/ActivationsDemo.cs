using NeuralSharp.Nn;

namespace NeuralSharp.Demos;

/// <summary>An activation function and its derivative sampled on a grid.</summary>
/// <param name="Name">The activation's name.</param>
/// <param name="X">The grid.</param>
/// <param name="Y">f(x) at each grid point.</param>
/// <param name="Derivative">f'(x) at each grid point, by reverse-mode automatic differentiation.</param>
public sealed record ActivationCurve(string Name, double[] X, double[] Y, double[] Derivative);

/// <summary>
/// Every activation function and its derivative. The derivative is not written by hand: the grid is a
/// tensor that requires its gradient, and backward through sum(f(x)) leaves f'(x_i) in x.Grad (each output
/// depends only on its own input).
/// </summary>
public static class ActivationsDemo
{
    /// <summary>Samples each activation and its derivative at <paramref name="points"/> points on [<paramref name="from"/>, <paramref name="to"/>] in float64.</summary>
    public static IReadOnlyList<ActivationCurve> Run(IEnumerable<(string Name, Module Activation)> activations, double from = -4, double to = 4, int points = 401) =>
        activations.Select(a => Curve(a.Name, a.Activation, from, to, points)).ToArray();

    /// <summary>One activation's values and derivative on the grid.</summary>
    public static ActivationCurve Curve(string name, Module activation, double from = -4, double to = 4, int points = 401)
    {
        var x = Tensor.Linspace(from, to, points, DType.Float64).RequireGrad();
        var y = activation.Double().Forward(x);
        if (!y.RequiresGrad)
        {
            // A step (or sign) is not differentiable in the autograd sense: its output carries no graph, and its derivative is zero almost everywhere.
            return new ActivationCurve(name, x.Detach().ToDoubleArray(), y.ToDoubleArray(), new double[points]);
        }

        y.Sum().Backward();

        // An op with a zero gradient may leave no gradient at all in x.
        return new ActivationCurve(name, x.Detach().ToDoubleArray(), y.Detach().ToDoubleArray(), x.Grad?.ToDoubleArray() ?? new double[points]);
    }
}
