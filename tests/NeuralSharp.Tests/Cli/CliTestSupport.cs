using System.Globalization;
using System.Text;
using NeuralSharp.Cli;

namespace NeuralSharp.Tests.Cli;

/// <summary>Runs the CLI in-process and captures what it writes to its output and error writers.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// A CSV data set a small network learns quickly: four features, three classes around three
    /// centres, the label in the last column (where the loader looks by default).
    /// </summary>
    public static void WriteBlobsCsv(string path, int rows = 200, int seed = 5)
    {
        var centres = new[] { new[] { 2.0, 0, 0, 1 }, new[] { -2.0, 1, 0, -1 }, new[] { 0.0, -2, 2, 0 } };
        var g = new Generator(seed);
        var sb = new StringBuilder("f1,f2,f3,f4,label\n");
        for (var i = 0; i < rows; i++)
        {
            var c = i % 3;
            for (var f = 0; f < 4; f++)
            {
                sb.Append((centres[c][f] + (0.3 * g.NextNormal())).ToString("F4", CultureInfo.InvariantCulture)).Append(',');
            }

            sb.Append(c.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        File.WriteAllText(path, sb.ToString());
    }
}
