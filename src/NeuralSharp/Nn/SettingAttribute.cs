namespace NeuralSharp.Nn;

/// <summary>
/// Describes one member of a layer's config record (see <see cref="LayerConfig"/>): its valid range, which
/// is checked both when the layer is built in code and when it is read from an untrusted model file, and how
/// it is printed. Put it on a primary-constructor parameter: <c>[Setting(Min = 0, Max = 1)] double P = 0.5</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class SettingAttribute : Attribute
{
    /// <summary>The smallest valid value (of a number, or of each dimension of a shape).</summary>
    public double Min { get; set; } = double.NegativeInfinity;

    /// <summary>The largest valid value (of a number, or of each dimension of a shape).</summary>
    public double Max { get; set; } = double.PositiveInfinity;

    /// <summary>Whether <see cref="Min"/> itself is excluded (a positive epsilon).</summary>
    public bool MinExclusive { get; set; }

    /// <summary>The most dimensions a shape may have.</summary>
    public int MaxRank { get; set; } = 16;

    /// <summary>Printed without its key, as PyTorch prints a batch norm's feature count: <c>BatchNorm1d(256, eps=1e-05, ...)</c>.</summary>
    public bool Positional { get; set; }

    /// <summary>Whether the setting is printed at all (PyTorch leaves some out, such as PReLU's initial slope).</summary>
    public bool Printed { get; set; } = true;

    /// <summary>An older key under which model files may hold the setting (read when the current key is absent).</summary>
    public string? Alias { get; set; }
}
