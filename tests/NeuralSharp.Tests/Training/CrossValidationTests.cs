using NeuralSharp.Training;

namespace NeuralSharp.Tests.Training;

public class CrossValidationTests
{
    public static TheoryData<int, int, bool> KFoldCases => new()
    {
        { 10, 2, false },
        { 10, 3, false },
        { 11, 4, true },
        { 7, 7, true },
        { 100, 10, true },
    };

    [Theory]
    [MemberData(nameof(KFoldCases))]
    public void KFoldHoldsEveryExampleOutExactlyOnce(int count, int k, bool shuffle)
    {
        var folds = CrossValidation.KFold(count, k, shuffle ? new Generator(3) : null);
        Assert.Equal(k, folds.Count);

        var held = folds.SelectMany(f => f.Validation).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, count), held);
        foreach (var fold in folds)
        {
            Assert.Empty(fold.Train.Intersect(fold.Validation));
            Assert.Equal(Enumerable.Range(0, count), fold.Train.Concat(fold.Validation).Order());
            Assert.Equal(fold.Train.Length, fold.Train.Distinct().Count());
        }

        var sizes = folds.Select(f => f.Validation.Length).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1, $"fold sizes {string.Join(",", sizes)}");
    }

    [Fact]
    public void KFoldShufflesOnlyWhenGivenAGenerator()
    {
        Assert.Equal([0, 1, 2, 3, 4], CrossValidation.KFold(10, 2)[0].Validation);
        var shuffled = CrossValidation.KFold(10, 2, new Generator(1));
        Assert.NotEqual([0, 1, 2, 3, 4], shuffled[0].Validation);
        Assert.Equal(shuffled[0].Validation, CrossValidation.KFold(10, 2, new Generator(1))[0].Validation);
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(10, 11)]
    public void KFoldRejectsImpossibleK(int count, int k)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.KFold(count, k));
        Assert.Contains($"got {k}", ex.Message);
    }

    [Fact]
    public void LeaveOneOutHasOneFoldPerExample()
    {
        var folds = CrossValidation.LeaveOneOut(6);
        Assert.Equal(6, folds.Count);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal([i], folds[i].Validation);
            Assert.Equal(Enumerable.Range(0, 6).Where(j => j != i), folds[i].Train);
        }
    }

    [Theory]
    [InlineData(100, 0.2, 20)]
    [InlineData(10, 0.25, 2)]
    [InlineData(3, 0.01, 1)]
    public void TrainValidationSplitHoldsOutTheFraction(int count, double fraction, int expectedHeld)
    {
        var fold = CrossValidation.TrainValidationSplit(count, fraction, new Generator(2));
        Assert.Equal(expectedHeld, fold.Validation.Length);
        Assert.Equal(count - expectedHeld, fold.Train.Length);
        Assert.Equal(Enumerable.Range(0, count), fold.Train.Concat(fold.Validation).Order());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    public void TrainValidationSplitRejectsFractionsOutsideZeroOne(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.TrainValidationSplit(10, fraction));

    [Fact]
    public void GridSearchPicksTheLowestMeanValidationErrorAndMarksIt()
    {
        var folds = CrossValidation.KFold(6, 3);
        // Validation error per (candidate, fold): means are 3, 2, 2.5 for candidates 1, 2, 3; candidate 3
        // has the single lowest fold error, so a min over folds instead of a mean would pick it.
        var scores = new Dictionary<int, double[]>
        {
            [1] = [3, 3, 3],
            [2] = [1, 2, 3],
            [3] = [0.5, 2, 5],
        };
        var calls = 0;
        var result = CrossValidation.GridSearch([1, 2, 3], folds, (d, fold) =>
        {
            calls++;
            var f = folds.ToList().IndexOf(fold);
            return (TrainError: d * 0.1, ValidationError: scores[d][f]);
        });

        Assert.Equal(9, calls);
        Assert.Equal(2, result.Best);
        Assert.Equal([1, 2, 3], result.Rows.Select(r => r.Value));
        Assert.Equal([3.0, 2.0, 2.5], result.Rows.Select(r => r.ValidationError));
        Assert.Equal(0.2, result.Rows[1].TrainError, 1e-12);

        var lines = result.ToTable("units").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("units", lines[0]);
        var marked = lines.Where(l => l.Contains("<-", StringComparison.Ordinal)).ToArray();
        Assert.Single(marked);
        Assert.StartsWith("2 ", marked[0]);
    }

    [Fact]
    public void GridSearchNeedsCandidatesAndFolds()
    {
        Assert.Throws<ArgumentException>(() => CrossValidation.GridSearch(Array.Empty<int>(), CrossValidation.KFold(4, 2), (_, _) => (0, 0)));
        Assert.Throws<ArgumentException>(() => CrossValidation.GridSearch([1], Array.Empty<Fold>(), (_, _) => (0, 0)));
    }
}
