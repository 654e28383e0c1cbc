namespace NeuralSharp.Nn;

/// <summary>What <see cref="ModuleBase.LoadStateDict"/> could not match (PyTorch's <c>_IncompatibleKeys</c>).</summary>
/// <param name="MissingKeys">Names the module has that the state dict lacks; those tensors kept their values.</param>
/// <param name="UnexpectedKeys">Names in the state dict that the module does not have; they were ignored.</param>
public sealed record LoadStateDictResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
