namespace NeuralSharp.Cli;

/// <summary>Finds the CLI's plug-ins (demos, model recipes): every concrete class in this assembly that implements an interface.</summary>
internal static class Implementations
{
    /// <summary>One instance of each concrete <typeparamref name="T"/>, made by its parameterless constructor, sorted by <paramref name="name"/>.</summary>
    public static T[] Of<T>(Func<T, string> name) => typeof(T).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(T).IsAssignableFrom(t))
        .Select(t => (T)Activator.CreateInstance(t)!)
        .OrderBy(name, StringComparer.Ordinal)
        .ToArray();
}
