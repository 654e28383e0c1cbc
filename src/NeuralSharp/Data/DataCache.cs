namespace NeuralSharp.Data;

/// <summary>
/// Locates the folder where downloaded data sets are cached. Each data set lives in its own subfolder
/// (<c>mnist</c>, <c>fashion-mnist</c>) of the cache root.
/// </summary>
public static class DataCache
{
    /// <summary>Environment variable that, when set, overrides the default cache root.</summary>
    public const string EnvironmentVariable = "NEURALSHARP_DATA";

    /// <summary>
    /// The default cache root: <c>$XDG_CACHE_HOME/neuralsharp</c> or <c>~/.cache/neuralsharp</c> on Linux,
    /// <c>neuralsharp</c> under the local application-data folder elsewhere.
    /// </summary>
    public static string DefaultRoot => ResolveDefault(Environment.GetEnvironmentVariable);

    /// <summary>Resolves the cache root: an explicit path wins, then <see cref="EnvironmentVariable"/>, then <see cref="DefaultRoot"/>.</summary>
    /// <param name="explicitRoot">Root chosen by the caller, or <see langword="null"/>.</param>
    /// <returns>An absolute path; the folder is not created.</returns>
    public static string ResolveRoot(string? explicitRoot = null) => Resolve(explicitRoot, Environment.GetEnvironmentVariable);

    internal static string Resolve(string? explicitRoot, Func<string, string?> getEnvironment)
    {
        if (!string.IsNullOrWhiteSpace(explicitRoot))
        {
            return Path.GetFullPath(explicitRoot);
        }

        string? fromEnvironment = getEnvironment(EnvironmentVariable);
        return !string.IsNullOrWhiteSpace(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : ResolveDefault(getEnvironment);
    }

    private static string ResolveDefault(Func<string, string?> getEnvironment)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD())
        {
            // XDG says a relative XDG_CACHE_HOME is invalid and must be ignored.
            string? xdg = getEnvironment("XDG_CACHE_HOME");
            string baseDir = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(baseDir, "neuralsharp");
        }

        return Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "neuralsharp");
    }
}
