using NeuralSharp.Autograd;
using NeuralSharp.Demos;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Training;

/// <summary>Issue 12: through time the gradient of a linear recurrence scales like the spectral radius to the power t.</summary>
public class RnnGradientsDemoTests
{
    [Theory]
    [InlineData(0.9)]
    [InlineData(1.1)]
    public void TheGradientNormGrowsOrShrinksLikeTheSpectralRadiusToTheT(double radius)
    {
        var w = RnnGradientsDemo.RecurrentMatrix(16, radius, seed: 3);
        Assert.Equal(radius, Eigenvalues.SpectralRadius(w), 1e-9);
        var norms = RnnGradientsDemo.JacobianNorms(w, 60);
        Assert.Equal(1.0, norms[0], 12);
        // Once the dominant eigenvalue takes over, the log of the norm falls or rises by log(rho) per step.
        var slope = (Math.Log(norms[60]) - Math.Log(norms[30])) / 30;
        Assert.Equal(Math.Log(radius), slope, 0.02);
        Assert.True(radius < 1 ? norms[60] < 0.05 : norms[60] > 20, $"norm after 60 steps {norms[60]}");
    }

    [Fact]
    public void TheCarriedJacobianIsWhatBackpropagationThroughTimeComputes()
    {
        var w = RnnGradientsDemo.RecurrentMatrix(6, 0.9, seed: 2);
        var norms = RnnGradientsDemo.JacobianNorms(w, 4);
        // Rows of dh(4)/dh(0) by reverse mode, one output unit at a time.
        double squares = 0;
        for (var i = 0; i < 6; i++)
        {
            var h0 = Tensor.Randn([6, 1], generator: new Generator(7), dtype: DType.Float64).RequireGrad();
            var h = h0;
            for (var t = 0; t < 4; t++)
            {
                h = w.MatMul(h);
            }

            var grad = Gradients.Of([h.Narrow(0, i, 1).Sum()], [h0])[0];
            squares += grad.Square().Sum().ItemAsDouble();
        }

        Assert.Equal(norms[4], Math.Sqrt(squares / 6), 1e-12);
    }
}
