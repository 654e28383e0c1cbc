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

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    [InlineData(',')]
    public void DetectsTheDelimiter(char d)
    {
        string text = $"a{d}b{d}label\n1.5{d}2{d}x\n3{d}4{d}y\n";
        CsvDataset ds = Parse(text);
        Assert.Equal(d, ds.Delimiter);
        Assert.Equal(["a", "b"], ds.FeatureNames);
        Assert.Equal([1.5f, 2f, 3f, 4f], ds.Features);
        Assert.Equal(["x", "y"], ds.TargetTexts);
    }

    [Fact]
    public void ADelimiterInsideQuotesDoesNotCount()
    {
        // Two semicolons outside quotes on each line beat the commas inside the quoted name.
        CsvDataset ds = Parse("\"w,x,y\";b;label\n1;2;0\n3;4;1\n");
        Assert.Equal(';', ds.Delimiter);
        Assert.Equal(["w,x,y", "b"], ds.FeatureNames);
    }

    [Fact]
    public void AHeaderIsTextWhereTheNextLineHasNumbers()
    {
        // Class names in the label column do not make the first data line a header...
        CsvDataset plain = Parse("5.1,0.2,setosa\n6.3,1.8,virginica\n");
        Assert.False(plain.HasHeader);
        Assert.Equal(2, plain.Count);

        // ...but a line of names above numbers is one.
        CsvDataset named = Parse("sepal,petal,species\n5.1,0.2,setosa\n");
        Assert.True(named.HasHeader);
        Assert.Equal("species", named.TargetName);
        Assert.Equal(2, named.LineOf(0));
    }

    [Fact]
    public void ClassNamesAndNumbersMapToTheirDistinctValues()
    {
        var (labels, names) = Parse("x,species\n1,virginica\n2,setosa\n3,virginica\n4,versicolor\n").ToClasses();
        Assert.Equal(["setosa", "versicolor", "virginica"], names);
        Assert.Equal([2, 0, 2, 1], labels);

        // Labels from 1 give three classes, not an empty class 0; 1 and 1.0 are one class; labels above 255 are fine.
        (labels, names) = Parse("x,y\n1,3\n2,1\n3,2.0\n4,1.0\n").ToClasses();
        Assert.Equal(["1", "2", "3"], names);
        Assert.Equal([2, 0, 1, 0], labels);
        (labels, names) = Parse("x,y\n1,1000\n2,300\n3,1000\n").ToClasses();
        Assert.Equal(["300", "1000"], names);
        Assert.Equal([1, 0, 1], labels);
    }

    [Fact]
    public void ALabelOutsideTheGivenClassesNamesItsLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => Parse("x,species\n1,setosa\n\n2,daisy\n").ToClasses(["setosa", "virginica"]));
        Assert.Contains("table.csv' line 4", e.Message);
        Assert.Contains("'daisy' is not one of the 2 classes (setosa, virginica)", e.Message);
    }

    [Fact]
    public void MessagesUseFileLineNumbers()
    {
        // The first data row is line 2, after the header.
        var e = Assert.Throws<InvalidDataException>(() => Parse("petal,species\n1.8,virginica\n").GetClassLabels());
        Assert.Contains("table.csv' line 2: label 'species' = 'virginica' is not a class index", e.Message);
        e = Assert.Throws<InvalidDataException>(() => Parse("a,y\n1,2\n3,abc\n").GetValues());
        Assert.Contains("line 3: label 'y' = 'abc' is not a number", e.Message);
        Assert.Contains("column 2 ('b') is empty (a missing value", Fails("a,b,c\n1,,3\n").Message);
        Assert.Contains("the label, is empty", Fails("a,b,c\n1,2,\n").Message);
    }

    [Fact]
    public void AOneColumnTableIsAClearError()
    {
        var e = Fails("value\n1\n2\n");
        Assert.Contains("line 1: only one column was found", e.Message);
        Assert.Contains("at least one feature column and a label column", e.Message);
        // A file of one column with a label left out is all features.
        Assert.Equal([1f, 2f], Parse("value\n1\n2\n", new CsvOptions { HasLabel = false }).Features);
    }

    [Fact]
    public void FractionalTargetsLookLikeRegression()
    {
        Assert.True(Parse("a,y\n1,0.5\n2,3\n").HasFractionalTargets);
        Assert.False(Parse("a,y\n1,1\n2,3\n").HasFractionalTargets);
        Assert.False(Parse("a,y\n1,cat\n2,0.5\n").HasFractionalTargets);
    }
}
