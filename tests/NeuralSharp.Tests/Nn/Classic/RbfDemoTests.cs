using NeuralSharp.Demos;

namespace NeuralSharp.Tests.Nn.Classic;

/// <summary><c>demo rbf</c>'s computation: RBF networks beside MLPs of the same parameter count on the same data.</summary>
public sealed class RbfDemoTests
{
    private static readonly RbfDemoResult Result = RbfDemo.Run(seed: 1);

    [Fact]
    public void OneLeastSquaresPassFitsTheCurveAsWellAsAnAdamTrainedMlpOfTheSameSize()
    {
        var rbf = Result.Regression.Where(r => r.Model == "RBF").ToDictionary(r => r.HiddenUnits);
        var mlp = Result.Regression.Where(r => r.Model == "MLP (tanh)").ToDictionary(r => r.HiddenUnits);
        var line = Result.Regression.Single(r => r.Model == "linear");
        Assert.Equal(RbfDemo.Sizes, rbf.Keys.Order());

        // Each radial unit has a centre, a width and a readout weight, each tanh unit a weight, a bias and a readout weight.
        Assert.All(RbfDemo.Sizes, k => Assert.Equal((3 * k) + 1, rbf[k].Parameters));
        Assert.All(RbfDemo.Sizes, k => Assert.Equal(rbf[k].Parameters, mlp[k].Parameters));
        Assert.True(line.TestMse > 0.5, $"line {line.TestMse}");
        Assert.True(rbf[2].TestMse > 10 * rbf[16].TestMse, $"rbf 2 units {rbf[2].TestMse}, 16 units {rbf[16].TestMse}");
        foreach (var k in new[] { 8, 16 })
        {
            // The noise's variance is 0.01; both fit the curve far closer than that, the RBF within 1.5x the MLP's error.
            Assert.True(rbf[k].TestMse < 0.005 && mlp[k].TestMse < 0.01, $"{k} units: rbf {rbf[k].TestMse}, mlp {mlp[k].TestMse}");
            Assert.True(rbf[k].TestMse < 1.5 * mlp[k].TestMse, $"{k} units: rbf {rbf[k].TestMse}, mlp {mlp[k].TestMse}");
        }
    }

    [Fact]
    public void BothSeparateTheRingsThatNoLineSeparates()
    {
        var rows = Result.Classification.ToDictionary(r => r.Model.Split(' ')[0]);
        Assert.InRange(rows["linear"].TestAccuracy, 0.35, 0.65);
        Assert.True(rows["RBF,"].TestAccuracy > 0.97, $"rbf {rows["RBF,"].TestAccuracy}");
        Assert.True(rows["MLP"].TestAccuracy > 0.97, $"mlp {rows["MLP"].TestAccuracy}");
        Assert.Equal(rows["RBF,"].Parameters, rows["MLP"].Parameters);
    }

    [Fact]
    public void TheCurvesAreDrawnFromTheFittedModelsAndTheSameSeedGivesTheSameNumbers()
    {
        var c = Result.Curves;
        Assert.Equal(RbfDemo.PictureUnits, c.Centres.Length);
        Assert.All(c.Centres, x => Assert.InRange(x, -3, 3));
        Assert.Equal(c.GridX.Select(RbfDemo.Target), c.Target);
        var mse = c.Rbf.Zip(c.Target, (a, b) => (a - b) * (a - b)).Average();
        Assert.Equal(Result.Regression.Single(r => r.Model == "RBF" && r.HiddenUnits == RbfDemo.PictureUnits).TestMse, mse, 12);

        var again = RbfDemo.Run(seed: 1);
        Assert.Equal(Result.Regression, again.Regression);
        Assert.Equal(Result.Classification, again.Classification);
    }
}
