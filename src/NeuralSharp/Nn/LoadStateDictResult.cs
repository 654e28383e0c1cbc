using System.Text;

namespace NeuralSharp.Nn;

/// <summary>
/// What <see cref="ModuleBase.LoadStateDict"/> matched and what it could not (PyTorch's <c>_IncompatibleKeys</c>,
/// with the names that were loaded and the shape mismatches a non-strict load skips): the report of loading a
/// saved network's weights into a larger or different one by name.
/// </summary>
/// <param name="MissingKeys">Names the module has that the state dict lacks; those tensors kept their values.</param>
/// <param name="UnexpectedKeys">Names in the state dict that the module does not have; they were ignored.</param>
public sealed record LoadStateDictResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys)
{
    /// <summary>Names present on both sides with the same shape: these tensors were copied, in the module's order.</summary>
    public IReadOnlyList<string> MatchedKeys { get; init; } = [];

    /// <summary>Names present on both sides with different shapes (only a non-strict load gets this far); those tensors kept their values.</summary>
    public IReadOnlyList<ShapeMismatch> ShapeMismatches { get; init; } = [];

    /// <summary>Whether every name matched both ways with the same shape.</summary>
    public bool IsExactMatch => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0 && ShapeMismatches.Count == 0;

    /// <summary>A one-paragraph report: how many tensors were loaded, and each missing, unexpected and mismatched name.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder($"loaded {MatchedKeys.Count} tensor(s)");
        if (MissingKeys.Count > 0)
        {
            sb.Append("; missing (kept as they were): ").AppendJoin(", ", MissingKeys);
        }

        if (UnexpectedKeys.Count > 0)
        {
            sb.Append("; unexpected (ignored): ").AppendJoin(", ", UnexpectedKeys);
        }

        if (ShapeMismatches.Count > 0)
        {
            sb.Append("; shape mismatches (kept as they were): ").AppendJoin(", ", ShapeMismatches);
        }

        return sb.ToString();
    }
}
