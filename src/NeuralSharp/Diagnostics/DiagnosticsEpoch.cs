namespace NeuralSharp.Diagnostics;

/// <summary>The per-layer and per-parameter statistics <see cref="LayerDiagnostics"/> collected in one epoch.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Layers">One entry per leaf layer, in the order of the model's modules.</param>
/// <param name="Parameters">One entry per trainable parameter, in state-dict order.</param>
public sealed record DiagnosticsEpoch(int Epoch, IReadOnlyList<LayerStatistics> Layers, IReadOnlyList<ParameterStatistics> Parameters);
