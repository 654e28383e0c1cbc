namespace NeuralSharp.Nn;

/// <summary>The outcome of <see cref="KMeans.Fit"/>.</summary>
/// <param name="Centres">The cluster centres, [k, d], in the data's dtype.</param>
/// <param name="Assignments">The index of each point's nearest centre.</param>
/// <param name="Inertia">The sum of squared distances from each point to its centre.</param>
/// <param name="Iterations">How many Lloyd iterations ran (fewer than the limit when the assignments settled).</param>
public sealed record KMeansResult(Tensor Centres, int[] Assignments, double Inertia, int Iterations);

/// <summary>
/// k-means clustering (Lloyd's algorithm) with k-means++ seeding (Arthur and Vassilvitskii, 2007): the first
/// centre is a random point, each further one a point drawn with probability proportional to its squared
/// distance from the nearest centre chosen so far. Used to place the centres of an <see cref="RbfNetwork"/>.
/// </summary>
public static class KMeans
{
    /// <summary>Clusters the rows of <paramref name="data"/> [n, d] into <paramref name="k"/> groups.</summary>
    /// <remarks>Deterministic for a given generator. A cluster that loses all its points keeps its centre.</remarks>
    /// <exception cref="ArgumentException">The data is not a matrix, or k is not in [1, n].</exception>
    public static KMeansResult Fit(Tensor data, int k, Generator generator, int maxIterations = 100)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (data.Rank != 2 || k < 1 || k > data.Size(0))
        {
            throw new ArgumentException($"kmeans: expected data [n, d] and 1 <= k <= n, got {data.Shape} and k = {k}");
        }

        var x = data.Detach().Double();
        var (n, d) = (x.Size(0), x.Size(1));
        var points = x.ToDoubleArray();
        var centres = SeedPlusPlus(x, points, n, d, k, generator);
        var assignments = new int[n];
        Array.Fill(assignments, -1);
        var iterations = 0;
        while (iterations < maxIterations)
        {
            iterations++;
            var nearest = (-Distances.SquaredEuclidean(x, Tensor.FromArray(centres, k, d))).ArgMax(1);
            var changed = !nearest.AsSpan().SequenceEqual(assignments);
            assignments = nearest;
            if (!changed)
            {
                break;
            }

            var sums = new double[k * d];
            var counts = new int[k];
            for (var i = 0; i < n; i++)
            {
                counts[assignments[i]]++;
                for (var j = 0; j < d; j++)
                {
                    sums[(assignments[i] * d) + j] += points[(i * d) + j];
                }
            }

            for (var c = 0; c < k; c++)
            {
                for (var j = 0; j < d && counts[c] > 0; j++)
                {
                    centres[(c * d) + j] = sums[(c * d) + j] / counts[c];
                }
            }
        }

        var final = Tensor.FromArray(centres, k, d);
        var distances = Distances.SquaredEuclidean(x, final).ToDoubleArray();
        var inertia = Enumerable.Range(0, n).Sum(i => distances[(i * k) + assignments[i]]);
        return new KMeansResult(final.To(data.DType), assignments, inertia, iterations);
    }

    /// <summary>k distinct rows of <paramref name="data"/> chosen uniformly at random, [k, d].</summary>
    /// <exception cref="ArgumentException">The data is not a matrix, or k is not in [1, n].</exception>
    public static Tensor RandomSubset(Tensor data, int k, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (data.Rank != 2 || k < 1 || k > data.Size(0))
        {
            throw new ArgumentException($"random_subset: expected data [n, d] and 1 <= k <= n, got {data.Shape} and k = {k}");
        }

        return data.Detach().IndexSelect(0, generator.Permutation(data.Size(0))[..k]).Contiguous();
    }

    private static double[] SeedPlusPlus(Tensor x, double[] points, int n, int d, int k, Generator generator)
    {
        var centres = new double[k * d];
        var first = generator.NextInt(n);
        Array.Copy(points, first * d, centres, 0, d);
        var nearest = Distances.SquaredEuclidean(x, Tensor.FromArray(centres[..d], 1, d)).ToDoubleArray();
        for (var c = 1; c < k; c++)
        {
            var total = nearest.Sum();
            var pick = 0;
            if (total > 0)
            {
                var u = generator.NextDouble() * total;
                for (pick = 0; pick < n - 1 && (u -= nearest[pick]) >= 0; pick++)
                {
                }
            }
            else
            {
                pick = generator.NextInt(n);
            }

            Array.Copy(points, pick * d, centres, c * d, d);
            var added = Distances.SquaredEuclidean(x, Tensor.FromArray(centres[(c * d)..((c + 1) * d)], 1, d)).ToDoubleArray();
            for (var i = 0; i < n; i++)
            {
                nearest[i] = Math.Min(nearest[i], added[i]);
            }
        }

        return centres;
    }
}
