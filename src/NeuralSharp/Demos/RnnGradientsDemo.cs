using NeuralSharp.Nn;

namespace NeuralSharp.Demos;

/// <summary>The norm of dh(t)/dh(0) at each step t = 0..T for one recurrent matrix.</summary>
/// <param name="SpectralRadius">The matrix's spectral radius.</param>
/// <param name="Norms">||dh(t)/dh(0)||_F / sqrt(n) for t = 0..T (1 at t = 0).</param>
public sealed record JacobianNormCurve(double SpectralRadius, double[] Norms);

/// <summary>
/// Vanishing and exploding gradients: in the course's linear recurrence h(t) = W h(t-1), dh(t)/dh(0) = W^t, whose
/// size goes as rho(W)^t: it vanishes when the spectral radius is below 1 and explodes above it. The same random
/// matrix is rescaled to each radius, so only the radius differs.
/// </summary>
public static class RnnGradientsDemo
{
    /// <summary>A random n x n matrix (standard normal entries) rescaled to spectral radius <paramref name="radius"/>.</summary>
    public static Tensor RecurrentMatrix(int n, double radius, int seed)
    {
        var w = Tensor.Randn([n, n], generator: new Generator(seed), dtype: DType.Float64);
        return w * (radius / Eigenvalues.SpectralRadius(w));
    }

    /// <summary>||dh(t)/dh(0)||_F / sqrt(n) for t = 0..<paramref name="steps"/>, with the Jacobian carried forward: J(t) = W J(t-1), J(0) = I.</summary>
    public static double[] JacobianNorms(Tensor w, int steps)
    {
        ArgumentNullException.ThrowIfNull(w);
        var n = w.Size(0);
        var jacobian = Tensor.Eye(n, DType.Float64);
        var norms = new double[steps + 1];
        for (var t = 0; t <= steps; t++)
        {
            norms[t] = Math.Sqrt(jacobian.Square().Sum().ItemAsDouble() / n);
            jacobian = w.MatMul(jacobian);
        }

        return norms;
    }

    /// <summary>Runs the demonstration: one 32 x 32 matrix at spectral radius 0.9 and 1.1, 50 steps.</summary>
    public static JacobianNormCurve[] Run(int seed = 1, int n = 32, int steps = 50) =>
        [.. new[] { 0.9, 1.1 }.Select(r => new JacobianNormCurve(r, JacobianNorms(RecurrentMatrix(n, r, seed), steps)))];
}
