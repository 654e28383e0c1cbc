namespace NeuralSharp.Cli.Models;

/// <summary>Every <see cref="IModelRecipe"/> in this assembly, by name.</summary>
internal static class ModelCatalog
{
    /// <summary>The named recipes, sorted by name (an architecture file's recipe is made for its path by <see cref="Get"/>).</summary>
    public static IReadOnlyList<IModelRecipe> All { get; } = Implementations.Of<IModelRecipe>(r => r.Name);

    /// <summary>The names, for help text and errors.</summary>
    public static string Names => string.Join(", ", All.Select(r => r.Name));

    /// <summary>The recipe called <paramref name="name"/> (case-insensitive), or the architecture file at a path ending in .json.</summary>
    public static IModelRecipe Get(string name) =>
        ArchitectureFileRecipe.IsPath(name) ? new ArchitectureFileRecipe(name) : All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"--model {name}: unknown model; use one of {Names}, or the path of an architecture .json file");
}
