using System.Text.RegularExpressions;

namespace NeuralSharp.Tests.Readme;

/// <summary>The ```csharp blocks of the repository's README.md, read from the file itself so that the tests follow it.</summary>
internal static partial class ReadmeSnippets
{
    /// <summary>Every C# block, in the order the README shows them.</summary>
    public static IReadOnlyList<string> All { get; } = Extract(File.ReadAllText(Locate()));

    /// <summary>The one block that contains <paramref name="marker"/>; fails naming the marker when there is none or more than one.</summary>
    public static string Containing(string marker)
    {
        var matches = All.Where(b => b.Contains(marker, StringComparison.Ordinal)).ToArray();
        Assert.True(matches.Length == 1, $"README.md has {matches.Length} ```csharp blocks containing '{marker}', expected exactly one");
        return matches[0];
    }

    /// <summary>The <c>using</c> directives at the top of a block.</summary>
    public static IEnumerable<string> Usings(string block) => Lines(block).Where(IsUsing);

    /// <summary>A block without its <c>using</c> directives: the statements.</summary>
    public static string Statements(string block) => string.Join('\n', Lines(block).Where(l => !IsUsing(l)));

    /// <summary>
    /// The README's statements as one program, in order (each block goes on from the ones before it, as the
    /// tour reads), with every block's <c>using</c> directives gathered at the top.
    /// </summary>
    public static string AsOneProgram() =>
        string.Join('\n', All.SelectMany(Usings).Distinct()) + "\n" + string.Join("\n", All.Select(Statements));

    /// <summary>What a statement prints, as the README says in a comment after it: <c>Console.WriteLine(f); // tensor(...)</c>.</summary>
    public static IEnumerable<string> PrintedAsCommented(string block) =>
        Lines(block).Select(l => PrintComment().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value.Trim());

    private static string[] Lines(string block) => block.Split('\n');

    private static bool IsUsing(string line) => UsingDirective().IsMatch(line);

    private static List<string> Extract(string markdown)
    {
        var blocks = CSharpBlock().Matches(markdown.ReplaceLineEndings("\n")).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count > 0, "README.md has no ```csharp blocks");
        return blocks;
    }

    /// <summary>Walks up from the test assembly's folder to the repository root (the folder with NeuralSharp.slnx).</summary>
    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var readme = Path.Combine(dir.FullName, "README.md");
            if (File.Exists(readme) && File.Exists(Path.Combine(dir.FullName, "NeuralSharp.slnx")))
            {
                return readme;
            }
        }

        throw new FileNotFoundException($"no README.md beside NeuralSharp.slnx above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^```csharp\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^using [A-Za-z.]+;\s*$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^\s*Console\.WriteLine\(.*\);\s*//\s*(.+)$")]
    private static partial Regex PrintComment();
}
