using System.Globalization;
using NeuralSharp.Diagnostics;

namespace NeuralSharp.Playground.Pages;

/// <summary>
/// The course's backpropagation example as a diagram stepped through its stages; the numbers are <see cref="BackpropTrace"/>'s,
/// the diagram shows the current stage's values on the nodes and the weights on the edges.
/// </summary>
public partial class Backprop
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // The trace's section headings, in order: each stage shows the lines up to the end of its section.
    private static readonly string[] Stages = ["The network", "Forward pass", "Errors", "Backward pass: output layer", "Backward pass: hidden layer 1", "Updated weights"];

    private static readonly (string Name, (int X, int Y) At)[] Nodes =
    [
        ("i1", (80, 90)), ("i2", (80, 220)), ("h1", (320, 90)), ("h2", (320, 220)), ("o1", (560, 90)), ("o2", (560, 220)),
    ];

    // w1, w2 feed h1 from i1, i2; w3, w4 feed h2; w5, w6 feed o1 from h1, h2; w7, w8 feed o2 (the course's numbering).
    private static readonly (string From, string To, string Weight, (int, int) A, (int, int) B)[] Edges =
    [
        .. new[] { ("i1", "h1", "w1"), ("i2", "h1", "w2"), ("i1", "h2", "w3"), ("i2", "h2", "w4"), ("h1", "o1", "w5"), ("h2", "o1", "w6"), ("h1", "o2", "w7"), ("h2", "o2", "w8") }
            .Select(e => (e.Item1, e.Item2, e.Item3, At(e.Item1), At(e.Item2))),
    ];

    private readonly BackpropTrace trace = BackpropTrace.WorkedExample();
    private int stage;

    private static (int, int) At(string node) => Nodes.Single(n => n.Name == node).At;

    private void Go(int delta) => stage = Math.Clamp(stage + delta, 0, Stages.Length - 1);

    private string Number(string name) => trace[name].ToString("F9", Invariant);

    private string WeightLabel(string weight) =>
        stage == Stages.Length - 1 ? $"{weight} = {Number(weight + "'")}" : $"{weight} = {Number(weight)}";

    private string NodeValue(string node) => node switch
    {
        "i1" => "0.05",
        "i2" => "0.10",
        _ when stage == 0 => string.Empty,
        _ when stage >= 3 && node.StartsWith('o') => $"δ {Number($"dE_total/dnet_{node}")}",
        _ when stage >= 4 && node.StartsWith('h') => $"δ {Number($"dE_total/dnet_{node}")}",
        _ => $"out {Number($"out_{node}")}",
    };

    /// <summary>The trace's lines from the start of <paramref name="upTo"/>'s section back to the first stage shown with it.</summary>
    private IEnumerable<string> Section(int upTo)
    {
        if (upTo == 0)
        {
            return [.. Edges.Select(e => $"{e.Weight} = {Number(e.Weight)}"), $"b1 = {Number("b1")}", $"b2 = {Number("b2")}"];
        }

        var lines = trace.Lines;
        var start = IndexOf(Stages[upTo]);
        var end = upTo + 1 < Stages.Length ? IndexOf(Stages[upTo + 1]) : lines.Count;
        return lines.Skip(start + 1).Take(end - start - 1);
    }

    private int IndexOf(string heading)
    {
        for (var i = 0; i < trace.Lines.Count; i++)
        {
            if (trace.Lines[i] == heading)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"backprop trace: no section '{heading}'");
    }
}
