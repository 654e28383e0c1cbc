using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace NeuralSharp.IO;

/// <summary>
/// What a safetensors file holds: its tensors, in the order their data appears in the file, looked up
/// by name, and the free-form string metadata of the header.
/// </summary>
public sealed class SafeTensorsContent
{
    private readonly Dictionary<string, SafeTensorsEntry> _byName;

    /// <summary>Creates a content object; names must be unique.</summary>
    /// <param name="entries">The tensors, in file order.</param>
    /// <param name="metadata">The <c>__metadata__</c> map, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">Two entries share a name, or an entry is null.</exception>
    public SafeTensorsContent(IReadOnlyList<SafeTensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new SafeTensorsEntry[entries.Count];
        _byName = new Dictionary<string, SafeTensorsEntry>(entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < list.Length; i++)
        {
            var entry = entries[i] ?? throw new ArgumentException($"Entry {i} is null.", nameof(entries));
            if (!_byName.TryAdd(entry.Name, entry))
            {
                throw new ArgumentException($"Duplicate tensor name '{entry.Name}'.", nameof(entries));
            }

            list[i] = entry;
        }

        Entries = Array.AsReadOnly(list);
        Metadata = new ReadOnlyDictionary<string, string>(
            metadata is null
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : new Dictionary<string, string>(metadata, StringComparer.Ordinal));
    }

    /// <summary>The tensors, in the order of their data in the file.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    /// <summary>The header's <c>__metadata__</c> map; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor names, in file order.</summary>
    public IEnumerable<string> Names => Entries.Select(e => e.Name);

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <param name="name">The tensor name (case-sensitive).</param>
    /// <exception cref="KeyNotFoundException">There is no such tensor.</exception>
    public SafeTensorsEntry this[string name] =>
        _byName.TryGetValue(name, out var entry)
            ? entry
            : throw new KeyNotFoundException($"No tensor named '{name}'.");

    /// <summary>Whether a tensor called <paramref name="name"/> exists.</summary>
    /// <param name="name">The tensor name (case-sensitive).</param>
    /// <returns><see langword="true"/> if it exists.</returns>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Looks up a tensor by name.</summary>
    /// <param name="name">The tensor name (case-sensitive).</param>
    /// <param name="entry">The tensor, when found.</param>
    /// <returns><see langword="true"/> if it exists.</returns>
    public bool TryGetEntry(string name, [MaybeNullWhen(false)] out SafeTensorsEntry entry) =>
        _byName.TryGetValue(name, out entry);
}
