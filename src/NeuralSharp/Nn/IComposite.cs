namespace NeuralSharp.Nn;

/// <summary>
/// A container module rebuilt from its children alone (such as <see cref="Sequential"/> and
/// <see cref="Residual"/>): <see cref="IO.Model.Load(string)"/> rebuilds the children from the file, then the
/// container with <see cref="Create"/>. Found by reflection like <see cref="IConfigurable{TSelf, TConfig}"/>.
/// </summary>
/// <typeparam name="TSelf">The container itself.</typeparam>
public interface IComposite<TSelf>
    where TSelf : ModuleBase, IComposite<TSelf>
{
    /// <summary>Builds the container from its already rebuilt children (name, module), in file order.</summary>
    /// <exception cref="ArgumentException">The children do not fit the container (names, kinds).</exception>
    static abstract TSelf Create(IReadOnlyList<KeyValuePair<string, ModuleBase>> children);
}
