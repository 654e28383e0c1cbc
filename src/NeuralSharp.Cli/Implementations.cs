namespace NeuralSharp.Cli;

/// <summary>Finds the CLI's plug-ins (demos, model recipes): every concrete class in this assembly that implements an interface.</summary>
internal static class Implementations
{
    /// <summary>One instance of each concrete <typeparamref name="T"/> with a parameterless constructor, made by it, sorted by <paramref name="name"/> (one made from arguments, such as an architecture file's recipe, is not a plug-in).</summary>
    public static T[] Of<T>(Func<T, string> name) => typeof(T).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (T)Activator.CreateInstance(t)!)
        .OrderBy(name, StringComparer.Ordinal)
        .ToArray();
}
