namespace NeuralSharp.Nn;

/// <summary>A tensor that a state dict and a module both name, with different shapes (a head of another size, say).</summary>
/// <param name="Name">The dotted name, e.g. <c>2.weight</c>.</param>
/// <param name="ModuleShape">The shape of the module's tensor.</param>
/// <param name="StateDictShape">The shape of the state dict's tensor.</param>
public sealed record ShapeMismatch(string Name, Shape ModuleShape, Shape StateDictShape)
{
    /// <summary>The name and both shapes, e.g. <c>2.weight (module [5, 30], state dict [10, 30])</c>.</summary>
    public override string ToString() => $"{Name} (module {ModuleShape}, state dict {StateDictShape})";
}
