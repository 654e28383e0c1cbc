namespace NeuralSharp.Tests.Cli;

/// <summary>The demos of the classic feed-forward families: <c>demo hopfield</c> and <c>demo som</c>.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ClassicDemoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ns-classic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task HopfieldDemoPrintsTheCapacityTableAndDrawsTheRecallStrip()
    {
        var (code, output, error) = await CliRunner.Run("demo", "hopfield", "--out", _dir);
        Assert.Equal("", error);
        Assert.Equal(0, code);
        var text = System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");
        Assert.Contains("the classic estimate is 0.138 N = 27.6", text, StringComparison.Ordinal);
        Assert.Equal(6, new[] { "A", "C", "H", "E", "T", "X" }.Sum(l => CliRunner.Rows(output, l).Count()));
        Assert.Equal(25, Enumerable.Range(1, 25).Count(i => CliRunner.Rows(output, (2 * i).ToString(System.Globalization.CultureInfo.InvariantCulture)).Count() == 1));

        // Six letters, five images each (stored, noisy, recalled, half erased, recalled), 80 x 80 pixels per image.
        using var png = PngAssert.Drawn(Path.Combine(_dir, "hopfield.png"), 5 * 92, 6 * 110, minInkShare: 0.15, minColours: 2);
    }

    [Fact]
    public async Task SomDemoPrintsTheErrorsOfFourMapsAndDrawsTheWeightsBesideTheUMatrix()
    {
        var (code, output, error) = await CliRunner.Run("demo", "som", "--out", _dir);
        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Equal(2, CliRunner.Rows(output, "hexagonal").Count());
        Assert.Equal(2, CliRunner.Rows(output, "rectangular").Count());

        // Each row: grid, training, "qe before -> after", "te before -> after", neighbour distance, far distance.
        var rows = CliRunner.Rows(output, "hexagonal").Concat(CliRunner.Rows(output, "rectangular")).ToArray();
        Assert.All(rows, r =>
        {
            var numbers = System.Text.RegularExpressions.Regex.Matches(string.Join(" ", r), @"\d+\.\d+").Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(6, numbers.Length);
            Assert.True(numbers[1] < numbers[0], $"quantisation error {numbers[0]} -> {numbers[1]}");
            Assert.True(numbers[3] < numbers[2], $"topographic error {numbers[2]} -> {numbers[3]}");
            Assert.True(numbers[4] < numbers[5] / 3, $"neighbours {numbers[4]}, far {numbers[5]}");
        });

        // Two panels of 16 x 16 cells of 24 pixels, the hexagonal rows shifted half a cell.
        using var png = PngAssert.Drawn(Path.Combine(_dir, "som.png"), 822, 428, minInkShare: 0.5, minColours: 100);
    }
}
