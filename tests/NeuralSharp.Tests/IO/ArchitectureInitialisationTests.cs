using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.IO;

/// <summary><see cref="Model.FromArchitecture(string, Generator, long?)"/>: a network built from its architecture to be trained.</summary>
public class ArchitectureInitialisationTests
{
    [Fact]
    public void SeededBuildHasTheWeightsOfTheSameNetworkBuiltInCode()
    {
        var json = Model.ArchitectureJson(Models.LeNet5(10, new Generator(99)));

        // The layers draw from the generator in the file's order, as LeNet5 draws in code.
        var inCode = Models.LeNet5(10, new Generator(7)).StateDict();
        var built = Model.FromArchitecture(json, new Generator(7)).StateDict();
        Assert.Equal(inCode.Keys, built.Keys);
        foreach (var (name, tensor) in inCode)
        {
            Assert.Equal(tensor.ToArray(), built[name].ToArray());
        }

        var other = Model.FromArchitecture(json, new Generator(8)).StateDict();
        Assert.NotEqual(inCode["0.weight"].ToArray(), other["0.weight"].ToArray());
    }

    [Fact]
    public void WithoutAGeneratorLayersKeepTheirFixedInitialisation()
    {
        // Model.Load overwrites every tensor, so Create's fixed seed is enough there: two layers of one shape start equal.
        var json = Model.ArchitectureJson(new Sequential(new Linear(3, 3, generator: new Generator(1)), new Linear(3, 3, generator: new Generator(2))));
        var fixedInit = Model.FromArchitecture(json).StateDict();
        Assert.Equal(fixedInit["0.weight"].ToArray(), fixedInit["1.weight"].ToArray());

        var seeded = Model.FromArchitecture(json, new Generator(1)).StateDict();
        Assert.NotEqual(seeded["0.weight"].ToArray(), seeded["1.weight"].ToArray());
    }

    [Fact]
    public void DropoutDrawsItsMasksFromTheGenerator()
    {
        var json = Model.ArchitectureJson(new Sequential(new Dropout(0.5)));
        var ones = Tensor.Ones([4, 64]);
        var expected = new Dropout(0.5, new Generator(3)).Forward(ones).ToArray();
        var built = (Module)Model.FromArchitecture(json, new Generator(3));
        Assert.Equal(expected, built.Forward(ones).ToArray());
        Assert.NotEqual(expected, ((Module)Model.FromArchitecture(json, new Generator(4))).Forward(ones).ToArray());
    }

    [Fact]
    public void BadSettingsAreStillModelFormatErrorsNamingTheLayer()
    {
        var e = Assert.Throws<ModelFormatException>(() => Model.FromArchitecture(
            """{"type":"Sequential","config":{},"children":{"0":{"type":"Linear","config":{"in_features":-1,"out_features":3}}}}""", new Generator(1)));
        Assert.Contains("model.0 (Linear)", e.Message);
        Assert.Contains("in_features", e.Message);
    }
}
