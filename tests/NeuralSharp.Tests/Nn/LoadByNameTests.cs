using NeuralSharp.IO;
using NeuralSharp.Nn;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.Nn;

/// <summary>Loading a saved network's weights into a larger or different one by name, with a report (issue 14).</summary>
public class LoadByNameTests
{
    private static Sequential Small(int seed)
    {
        var g = new Generator(seed);
        return new Sequential(new Linear(4, 6, generator: g), new ReLU(), new Linear(6, 3, generator: g));
    }

    // The same body (0), a head of another size (2) and one more layer (4).
    private static Sequential Larger(int seed)
    {
        var g = new Generator(seed);
        return new Sequential(new Linear(4, 6, generator: g), new ReLU(), new Linear(6, 5, generator: g), new ReLU(), new Linear(5, 2, generator: g));
    }

    [Fact]
    public void ANonStrictLoadCopiesWhatMatchesAndReportsMissingUnexpectedAndMismatchedShapes()
    {
        var small = Small(1);
        var larger = Larger(2);
        var before = larger.StateDict().ToDictionary(p => p.Key, p => p.Value.ToArray());
        var dict = small.StateDict().ToDictionary();
        dict["extra.weight"] = Tensor.Zeros([2]);

        var result = larger.LoadStateDict(dict, strict: false);

        Assert.Equal(["0.weight", "0.bias"], result.MatchedKeys);
        Assert.Equal(["4.weight", "4.bias"], result.MissingKeys);
        Assert.Equal(["extra.weight"], result.UnexpectedKeys);
        Assert.Equal(
            [new ShapeMismatch("2.weight", new Shape(5, 6), new Shape(3, 6)), new ShapeMismatch("2.bias", new Shape(5), new Shape(3))],
            result.ShapeMismatches);
        Assert.False(result.IsExactMatch);
        Assert.Equal(small.StateDict()["0.weight"].ToArray(), larger.StateDict()["0.weight"].ToArray());
        Assert.Equal(small.StateDict()["0.bias"].ToArray(), larger.StateDict()["0.bias"].ToArray());
        foreach (var kept in new[] { "2.weight", "2.bias", "4.weight", "4.bias" })
        {
            Assert.Equal(before[kept], larger.StateDict()[kept].ToArray());
        }

        Assert.Equal(
            "loaded 2 tensor(s); missing (kept as they were): 4.weight, 4.bias; unexpected (ignored): extra.weight; shape mismatches (kept as they were): 2.weight (module [5, 6], state dict [3, 6]), 2.bias (module [5], state dict [3])",
            result.ToString());
    }

    [Fact]
    public void AStrictLoadNamesEachMismatchedParameterWithBothShapesAndChangesNothing()
    {
        var larger = Larger(3);
        var before = larger.Parameters().Select(p => p.ToArray()).ToArray();
        var e = Assert.Throws<ArgumentException>(() => larger.LoadStateDict(Small(4).StateDict()));
        Assert.Contains("size mismatch for 2.weight: the module has shape [5, 6], the state dict [3, 6]", e.Message);
        Assert.Contains("size mismatch for 2.bias: the module has shape [5], the state dict [3]", e.Message);
        Assert.Contains("missing key 4.weight", e.Message);
        Assert.Equal(before, larger.Parameters().Select(p => p.ToArray()));
    }

    [Fact]
    public void AnExactLoadMatchesEveryName()
    {
        var result = Small(5).LoadStateDict(Small(6).StateDict());
        Assert.True(result.IsExactMatch);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], result.MatchedKeys);
    }

    [Fact]
    public void ASavedModelsBodyGoesIntoANetworkWithANewHeadAndComputesTheSameFeatures()
    {
        using var dir = new TempDirectory();
        var path = dir.File("small.safetensors");
        var small = Small(7);
        Model.Save(small, path);

        var larger = Larger(8);
        var result = larger.LoadStateDict(Model.Load(path).StateDict(), strict: false);
        Assert.Equal(["0.weight", "0.bias"], result.MatchedKeys);
        var x = Tensor.Randn([3, 4], generator: new Generator(9));
        Assert.Equal(small[0].Forward(x).ToArray(), larger[0].Forward(x).ToArray());
    }
}
