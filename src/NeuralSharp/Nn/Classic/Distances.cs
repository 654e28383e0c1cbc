namespace NeuralSharp.Nn;

/// <summary>Pairwise distances between two sets of points, as one differentiable tensor expression.</summary>
public static class Distances
{
    /// <summary>
    /// D[i, j] = ||x_i - c_j||^2 for x [n, d] and c [k, d], computed as ||x_i||^2 - 2 x_i·c_j + ||c_j||^2 (one
    /// matrix product, no [n, k, d] intermediate) and clamped at 0 against rounding.
    /// </summary>
    /// <exception cref="ArgumentException">The operands are not matrices with the same number of columns.</exception>
    public static Tensor SquaredEuclidean(Tensor x, Tensor c)
    {
        if (x.Rank != 2 || c.Rank != 2 || x.Size(1) != c.Size(1))
        {
            throw new ArgumentException($"squared_distances: expected x [n, d] and c [k, d] with the same d, got {x.Shape} and {c.Shape}");
        }

        var cross = x.MatMul(c.T);
        return (x.Square().Sum(1, keepDim: true) - (2.0 * cross) + c.Square().Sum(1).Unsqueeze(0)).Relu();
    }
}
