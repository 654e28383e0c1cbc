namespace NeuralSharp.Cli.Models;

/// <summary>Every <see cref="IModelRecipe"/> in this assembly, by name.</summary>
internal static class ModelCatalog
{
    /// <summary>The recipes, sorted by name.</summary>
    public static IReadOnlyList<IModelRecipe> All { get; } = Implementations.Of<IModelRecipe>(r => r.Name);

    /// <summary>The names, for help text and errors.</summary>
    public static string Names => string.Join(", ", All.Select(r => r.Name));

    /// <summary>The recipe called <paramref name="name"/> (case-insensitive).</summary>
    public static IModelRecipe Get(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"--model {name}: unknown model; use one of {Names}");
}
