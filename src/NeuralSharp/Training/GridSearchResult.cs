using System.Globalization;
using System.Text;

namespace NeuralSharp.Training;

/// <summary>The averaged errors of one candidate value of a hyper-parameter.</summary>
public sealed record GridSearchRow<T>(T Value, double TrainError, double ValidationError);

/// <summary>The model-selection table: for each capacity d, training and validation error; and the d with the lowest validation error.</summary>
public sealed record GridSearchResult<T>(IReadOnlyList<GridSearchRow<T>> Rows, T Best)
{
    /// <summary>The table as text, the chosen row marked.</summary>
    public string ToTable(string parameterName = "d")
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{parameterName,8} {"train error",14} {"validation error",18}");
        foreach (var r in Rows)
        {
            var mark = EqualityComparer<T>.Default.Equals(r.Value, Best) ? "  <- lowest validation error" : string.Empty;
            sb.AppendLine(CultureInfo.InvariantCulture, $"{r.Value,8} {r.TrainError,14:F5} {r.ValidationError,18:F5}{mark}");
        }

        return sb.ToString();
    }
}
