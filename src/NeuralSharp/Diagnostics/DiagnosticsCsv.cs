using System.Globalization;
using System.Text;

namespace NeuralSharp.Diagnostics;

/// <summary>
/// Writes <see cref="LayerDiagnostics.Epochs"/> as one long-form CSV table, a row per epoch and layer or parameter, ready
/// for a spreadsheet or <c>pandas.read_csv</c>. Columns that do not apply to a row are left empty.
/// </summary>
public static class DiagnosticsCsv
{
    /// <summary>The header line's columns.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "epoch", "kind", "name", "type", "activation_mean", "activation_std", "active_fraction", "dead_fraction",
        "gradient_norm", "weight_norm", "update_ratio",
    ];

    /// <summary>The table as text, header first.</summary>
    public static string Format(IEnumerable<DiagnosticsEpoch> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var text = new StringBuilder().AppendJoin(',', Columns).Append('\n');
        foreach (var epoch in epochs)
        {
            foreach (var l in epoch.Layers)
            {
                Row(text, epoch.Epoch, "layer", l.Name, l.Type, l.ActivationMean, l.ActivationStd, l.ActiveFraction, l.DeadFraction, l.GradientNorm, null, null);
            }

            foreach (var p in epoch.Parameters)
            {
                Row(text, epoch.Epoch, "parameter", p.Name, string.Empty, null, null, null, null, p.GradientNorm, p.WeightNorm, p.UpdateRatio);
            }
        }

        return text.ToString();
    }

    /// <summary>Writes the table to <paramref name="path"/> through a temporary file (see <see cref="IO.AtomicFile"/>).</summary>
    public static void Write(string path, IEnumerable<DiagnosticsEpoch> epochs) => IO.AtomicFile.WriteAllText(path, Format(epochs));

    private static void Row(StringBuilder text, int epoch, string kind, string name, string type, params double?[] values)
    {
        text.Append(epoch.ToString(CultureInfo.InvariantCulture)).Append(',').Append(kind).Append(',').Append(Quote(name)).Append(',').Append(type);
        foreach (var v in values)
        {
            text.Append(',');
            if (v is { } value)
            {
                text.Append(value.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        text.Append('\n');
    }

    private static string Quote(string field) => field.Contains(',') || field.Contains('"') ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
