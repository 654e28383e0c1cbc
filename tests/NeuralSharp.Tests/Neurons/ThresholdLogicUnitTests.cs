using NeuralSharp.Neurons;

namespace NeuralSharp.Tests.Neurons;

public class ThresholdLogicUnitTests
{
    public static TheoryData<string, int, int, int> TruthTables()
    {
        var data = new TheoryData<string, int, int, int>();
        for (var a = 0; a <= 1; a++)
        {
            for (var b = 0; b <= 1; b++)
            {
                data.Add("and", a, b, a & b);
                data.Add("or", a, b, a | b);
                data.Add("nand", a, b, 1 - (a & b));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TruthTables))]
    public void HandBuiltGatesComputeTheirTruthTables(string gate, int a, int b, int expected)
    {
        var unit = gate switch
        {
            "and" => ThresholdLogicUnit.And(),
            "or" => ThresholdLogicUnit.Or(),
            _ => ThresholdLogicUnit.Nand(),
        };
        Assert.Equal(expected, unit.Output(a, b));
        Assert.Equal(expected == 1, unit.Fire(a == 1, b == 1));
    }

    [Fact]
    public void NotGateAndTheSpecWeights()
    {
        Assert.Equal(1, ThresholdLogicUnit.Not().Output(0));
        Assert.Equal(0, ThresholdLogicUnit.Not().Output(1));
        Assert.Equal([1.0, 1.0], ThresholdLogicUnit.Or().Weights);
        Assert.Equal(-0.5, ThresholdLogicUnit.Or().Bias);
        Assert.Equal(-1.5, ThresholdLogicUnit.And().Bias);
        Assert.Equal([-1.0], ThresholdLogicUnit.Not().Weights);
        Assert.Equal(0.5, ThresholdLogicUnit.Not().Bias);
    }

    [Fact]
    public void ThresholdIsInclusive() =>
        Assert.Equal(1, new ThresholdLogicUnit([1, 1], -2).Output(1, 1));

    [Fact]
    public void ForwardOnABatchComputesTheWholeTruthTable()
    {
        var x = Tensor.FromArray([0f, 0, 0, 1, 1, 0, 1, 1], 4, 2);
        Assert.Equal([0f, 0, 0, 1], ThresholdLogicUnit.And().Forward(x).ToArray());
        Assert.Equal([0f, 1, 1, 1], ThresholdLogicUnit.Or().Forward(x).ToArray());
        Assert.Equal([1f, 1, 1, 0], ThresholdLogicUnit.Nand().Forward(x).ToArray());
    }

    [Fact]
    public void XorFromGates()
    {
        // XOR is not one threshold unit, but and(or(a, b), nand(a, b)) is three.
        for (var a = 0; a <= 1; a++)
        {
            for (var b = 0; b <= 1; b++)
            {
                var xor = ThresholdLogicUnit.And().Output(ThresholdLogicUnit.Or().Output(a, b), ThresholdLogicUnit.Nand().Output(a, b));
                Assert.Equal(a ^ b, xor);
            }
        }
    }

    [Fact]
    public void NonBooleanInputsAndWrongCountsAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ThresholdLogicUnit.And().Output(1, 2));
        Assert.Contains("input 1 is 2", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ThresholdLogicUnit.And().Output(1));
    }
}
