using NeuralSharp.Nn;
using NeuralSharp.Nn.Hooks;
using NeuralSharp.Training;

namespace NeuralSharp.Diagnostics;

/// <summary>
/// Looks inside a network while it trains: per layer, the mean and spread of the outputs, the fraction of active units
/// and of dead ones, and the gradients arriving from the loss; per parameter, the weights, their gradients and the
/// update-to-weight ratio. One <see cref="DiagnosticsEpoch"/> per epoch lands in <see cref="Epochs"/>.
/// </summary>
/// <remarks>
/// <para>Pass it to <see cref="Trainer.Fit"/> in <see cref="FitOptions.Callbacks"/>; it registers forward and backward
/// hooks on every leaf layer when training begins and removes them when it ends, so a model trained without it pays
/// nothing. In a hand-written loop call <see cref="Attach"/>, <see cref="AfterStep"/> after each optimiser step,
/// <see cref="EndEpoch"/> and <see cref="Detach"/>.</para>
/// <para>Only calls made in training mode are counted, so a validation pass does not mix into the training figures.
/// Histograms are of the epoch's last batch; means, norms and fractions are over all of its batches.</para>
/// </remarks>
/// <example>
/// <code>
/// var diagnostics = new LayerDiagnostics();
/// Trainer.Fit(net, new CrossEntropyLoss(), optimizer, train, new FitOptions { Callbacks = [diagnostics] });
/// foreach (var layer in diagnostics.Epochs[^1].Layers)
///     Console.WriteLine($"{layer.Name} {layer.Type}: active {layer.ActiveFraction:P0}, gradient {layer.GradientNorm:G3}");
/// </code>
/// </example>
public sealed class LayerDiagnostics : ICallback, IDisposable
{
    private static readonly HashSet<Type> ActivationTypes =
        [typeof(ReLU), typeof(LeakyReLU), typeof(PReLU), typeof(ELU), typeof(Sigmoid), typeof(Tanh), typeof(SoftPlus), typeof(Maxout), typeof(Step)];

    private readonly List<DiagnosticsEpoch> _epochs = [];
    private readonly List<LayerAccumulator> _layers = [];
    private readonly List<ParameterAccumulator> _parameters = [];
    private readonly List<HookHandle> _handles = [];

    /// <summary>Creates a collector whose histograms have <paramref name="histogramBins"/> bins.</summary>
    public LayerDiagnostics(int histogramBins = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(histogramBins, 1);
        HistogramBins = histogramBins;
    }

    /// <summary>The number of bins of every histogram.</summary>
    public int HistogramBins { get; }

    /// <summary>The statistics of each finished epoch, in order.</summary>
    public IReadOnlyList<DiagnosticsEpoch> Epochs => _epochs;

    /// <summary>Whether this collector is attached to a model.</summary>
    public bool IsAttached => _handles.Count > 0 || _parameters.Count > 0;

    /// <summary>Whether <paramref name="module"/> is an activation function, whose active fraction the course's figures are about.</summary>
    public static bool IsActivation(ModuleBase module) => ActivationTypes.Contains(module.GetType());

    /// <summary>Registers the hooks on every leaf layer of <paramref name="model"/> and notes its trainable parameters' values.</summary>
    public void Attach(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (IsAttached)
        {
            throw new InvalidOperationException("diagnostics: already attached to a model; Detach it first");
        }

        foreach (var (name, child) in model.NamedModules())
        {
            if (child is not Module layer || layer.Children().Any())
            {
                continue;
            }

            var accumulator = new LayerAccumulator(name.Length == 0 ? layer.TypeName : name, layer, IsActivation(layer));
            _layers.Add(accumulator);
            _handles.Add(layer.RegisterForwardHook((m, _, output) =>
            {
                if (m.IsTraining)
                {
                    accumulator.AddOutput(output);
                }
            }));
            _handles.Add(layer.RegisterFullBackwardHook((_, gradInput, gradOutput) => accumulator.AddGradient(gradInput, gradOutput)));
        }

        foreach (var (name, parameter) in model.NamedParameters())
        {
            if (parameter.RequiresGrad)
            {
                var accumulator = new ParameterAccumulator(name, parameter);
                accumulator.Begin();
                _parameters.Add(accumulator);
            }
        }
    }

    /// <summary>Removes every hook this collector registered; the statistics collected stay in <see cref="Epochs"/>.</summary>
    public void Detach()
    {
        foreach (var handle in _handles)
        {
            handle.Remove();
        }

        _handles.Clear();
        _layers.Clear();
        _parameters.Clear();
    }

    /// <summary>Closes the current epoch: its statistics are added to <see cref="Epochs"/> and returned, and the sums start again.</summary>
    public DiagnosticsEpoch EndEpoch(int epoch)
    {
        var result = new DiagnosticsEpoch(
            epoch,
            [.. _layers.Select(l => l.Finish(HistogramBins))],
            [.. _parameters.Select(p => p.Finish(HistogramBins))]);
        _epochs.Add(result);
        return result;
    }

    /// <inheritdoc/>
    void ICallback.OnTrainBegin(Module model) => Attach(model);

    /// <inheritdoc/>
    void ICallback.OnBatchEnd(Module model, TrainingProgress progress) => AfterStep();

    /// <summary>Measures the step just taken (the gradients it used and how far it moved each parameter); call it after each optimiser step.</summary>
    public void AfterStep()
    {
        foreach (var parameter in _parameters)
        {
            parameter.AfterStep();
        }
    }

    /// <inheritdoc/>
    string? ICallback.OnEpochEnd(Module model, EpochRecord record)
    {
        EndEpoch(record.Epoch);
        return null;
    }

    /// <inheritdoc/>
    void ICallback.OnTrainEnd(Module model) => Detach();

    /// <inheritdoc/>
    public void Dispose() => Detach();
}
