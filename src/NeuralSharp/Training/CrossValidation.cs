namespace NeuralSharp.Training;

/// <summary>One split of a data set into examples to train on and examples held out.</summary>
/// <param name="Train">Indices of the training examples.</param>
/// <param name="Validation">Indices of the held-out examples.</param>
public sealed record Fold(int[] Train, int[] Validation);

/// <summary>
/// Ways to hold data out for model selection (for each hyper-parameter d, average the held-out error and
/// pick the d with the lowest average): a train/validation split, k-fold and leave-one-out cross-validation. Every example is held out exactly once across the folds.
/// </summary>
public static class CrossValidation
{
    /// <summary>Holds out a random <paramref name="validationFraction"/> of the examples.</summary>
    public static Fold TrainValidationSplit(int count, double validationFraction, Generator? generator = null)
    {
        if (validationFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), $"split: the validation fraction must be in (0, 1), got {validationFraction}");
        }

        var order = (generator ?? Generator.Default).Permutation(count);
        var held = Math.Max(1, (int)Math.Round(count * validationFraction));
        return new Fold(order[held..], order[..held]);
    }

    /// <summary>
    /// k folds: the examples (shuffled when a generator is given) are cut into k nearly equal parts and
    /// each part is held out once while the others train.
    /// </summary>
    public static IReadOnlyList<Fold> KFold(int count, int k, Generator? shuffle = null)
    {
        if (k < 2 || k > count)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"k-fold: k must be between 2 and the number of examples ({count}), got {k}");
        }

        var order = shuffle is null ? Enumerable.Range(0, count).ToArray() : shuffle.Permutation(count);
        var folds = new List<Fold>(k);
        var start = 0;
        for (var f = 0; f < k; f++)
        {
            // The first count % k folds take one extra example.
            var size = (count / k) + (f < count % k ? 1 : 0);
            var held = order[start..(start + size)];
            folds.Add(new Fold([.. order[..start], .. order[(start + size)..]], held));
            start += size;
        }

        return folds;
    }

    /// <summary>Leave-one-out: n folds, each holding out a single example.</summary>
    public static IReadOnlyList<Fold> LeaveOneOut(int count) => KFold(count, count);

    /// <summary>
    /// For each candidate value d of a hyper-parameter, trains on every fold's training part, averages the
    /// training and held-out errors over the folds, and picks the d with the lowest held-out error.
    /// </summary>
    /// <param name="candidates">The values of d to try (e.g. polynomial degree, hidden units).</param>
    /// <param name="folds">The splits (k-fold or leave-one-out).</param>
    /// <param name="fitAndScore">Trains a model with d on the training indices and returns its (training error, held-out error).</param>
    public static GridSearchResult<T> GridSearch<T>(IReadOnlyList<T> candidates, IReadOnlyList<Fold> folds, Func<T, Fold, (double TrainError, double ValidationError)> fitAndScore)
    {
        if (candidates.Count == 0 || folds.Count == 0)
        {
            throw new ArgumentException("grid search: needs at least one candidate and one fold");
        }

        var rows = new List<GridSearchRow<T>>();
        foreach (var d in candidates)
        {
            double train = 0, validation = 0;
            foreach (var fold in folds)
            {
                var (t, v) = fitAndScore(d, fold);
                train += t;
                validation += v;
            }

            rows.Add(new GridSearchRow<T>(d, train / folds.Count, validation / folds.Count));
        }

        var best = rows.MinBy(r => r.ValidationError)!;
        return new GridSearchResult<T>(rows, best.Value);
    }
}
