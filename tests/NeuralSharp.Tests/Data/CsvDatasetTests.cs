using System.Globalization;
using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class CsvDatasetTests
{
    private static CsvDataset Parse(string text, CsvOptions? options = null) =>
        CsvDataset.Parse(new StringReader(text), "table.csv", options);

    private static InvalidDataException Fails(string text, CsvOptions? options = null) =>
        Assert.Throws<InvalidDataException>(() => Parse(text, options));

    [Fact]
    public void DetectsHeaderAndTakesLabelByName()
    {
        CsvDataset ds = Parse("sepal,\"petal width\",species\n5.1,0.2,0\n\n6.3,1.8,2\r\n", new CsvOptions { LabelColumnName = "species" });
        Assert.Equal(2, ds.Count);
        Assert.Equal(2, ds.FeatureCount);
        Assert.Equal(["sepal", "petal width"], ds.FeatureNames);
        Assert.Equal("species", ds.TargetName);
        Assert.Equal([5.1f, 0.2f, 6.3f, 1.8f], ds.Features);
        Assert.Equal([0, 2], ds.GetClassLabels());
    }

    [Fact]
    public void WithoutHeaderUsesIndexAndDefaultsToTheLastColumn()
    {
        CsvDataset last = Parse("1,2,3\n4,5,6\n");
        Assert.Equal([3f, 6f], last.Targets);
        Assert.Equal(["column0", "column1"], last.FeatureNames);

        CsvDataset first = Parse("1,2,3\n4,5,6\n", new CsvOptions { LabelColumnIndex = 0 });
        Assert.Equal([1f, 4f], first.Targets);
        Assert.Equal([2f, 3f, 5f, 6f], first.Features);
    }

    [Fact]
    public void ExplicitHeaderFlagOverridesDetection()
    {
        CsvDataset ds = Parse("1,2\n3,4\n", new CsvOptions { HasHeader = true });
        Assert.Equal(1, ds.Count);
        Assert.Equal(["1"], ds.FeatureNames);
    }

    [Fact]
    public void ParsesWithInvariantCultureWhateverTheCurrentCulture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            // Globalization is invariant in this project, so build a comma-decimal culture by hand.
            var commaDecimal = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            commaDecimal.NumberFormat.NumberDecimalSeparator = ",";
            commaDecimal.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = commaDecimal;
            Assert.Equal("1,5", 1.5f.ToString(CultureInfo.CurrentCulture));
            CsvDataset ds = Parse("a;b\n1.5;-2e3\n", new CsvOptions { Delimiter = ';' });
            Assert.Equal([1.5f], ds.Features);
            Assert.Equal([-2000f], ds.Targets);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void BadNumberNamesLineAndColumn()
    {
        InvalidDataException ex = Fails("x,y,label\n1,2,0\n3,abc,1\n");
        Assert.Contains("table.csv", ex.Message);
        Assert.Contains("line 3", ex.Message);
        Assert.Contains("column 2 ('y')", ex.Message);
        Assert.Contains("'abc'", ex.Message);
    }

    [Fact]
    public void WrongFieldCountNamesLine()
    {
        InvalidDataException ex = Fails("1,2,3\n4,5\n");
        Assert.Contains("line 2", ex.Message);
        Assert.Contains("expected 3 fields, found 2", ex.Message);
    }

    [Theory]
    [InlineData("1,,3\n")]
    [InlineData("1,NaN,3\n")]
    [InlineData("1,2,\n")]
    public void EmptyOrNonFiniteValuesAreErrors(string text)
    {
        var ex = Fails("a,b,c\n" + text);
        Assert.Contains("line 2", ex.Message);
    }

    [Fact]
    public void UnknownLabelNameAndMissingHeaderAreErrors()
    {
        Assert.Contains("no column named 'z'", Fails("a,b\n1,2\n", new CsvOptions { LabelColumnName = "z" }).Message);
        Assert.Contains("no header", Fails("1,2\n", new CsvOptions { LabelColumnName = "a" }).Message);
        Assert.Contains("outside", Fails("1,2\n", new CsvOptions { LabelColumnIndex = 5 }).Message);
    }

    [Fact]
    public void UnterminatedQuoteIsAnError() =>
        Assert.Contains("unterminated quote", Fails("\"a,b\n1,2\n").Message);

    [Fact]
    public void EmptyInputIsAnError() =>
        Assert.Contains("no data rows", Fails("a,b\n\n").Message);

    [Fact]
    public void NonIntegerLabelsAreNotClasses() =>
        Assert.Throws<InvalidDataException>(() => Parse("1,0.5\n").GetClassLabels());

    [Fact]
    public void RowsBecomeImages()
    {
        using var dir = new TempDirectory();
        string path = dir.File("digits.csv");
        File.WriteAllText(path, "label,p0,p1,p2,p3\n3,0,255,51,0\n1,255,255,0,0\n");
        ImageDataset images = CsvDataset.Load(path, new CsvOptions { LabelColumnName = "label" }).ToImageDataset(2, 2, classCount: 10);
        Assert.Equal(2, images.Count);
        Assert.Equal([3, 1], images.Labels);
        Assert.Equal(1f, images.Images[1]);
        Assert.Equal(0.2f, images.Images[2], 6);
    }
}
