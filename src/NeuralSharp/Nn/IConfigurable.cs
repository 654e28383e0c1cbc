namespace NeuralSharp.Nn;

/// <summary>A layer described by a config record; see <see cref="IConfigurable{TSelf, TConfig}"/>.</summary>
public interface IConfigurable
{
    /// <summary>The layer's settings.</summary>
    object Config { get; }
}

/// <summary>
/// A layer whose settings are one record, <typeparamref name="TConfig"/> (for example
/// <see cref="LinearConfig"/>): the record is the layer's constructor argument, its printed form
/// (<see cref="LayerConfig.Format"/>, with PyTorch's keys) and its entry in model files, and
/// <see cref="Create"/> rebuilds the layer from it. <see cref="IO.Model"/> finds such layers by reflection, so a
/// new layer is one file: its config record, the layer, and nothing to register.
/// </summary>
/// <typeparam name="TSelf">The layer itself.</typeparam>
/// <typeparam name="TConfig">The record of its settings; see <see cref="LayerConfig"/> for the supported member types.</typeparam>
/// <example>
/// <code>
/// public sealed record ScaleConfig([Setting(Min = 1)] int Features, double Init = 1);
///
/// public sealed class Scale : Module, IConfigurable&lt;Scale, ScaleConfig&gt;
/// {
///     public Scale(ScaleConfig config)
///     {
///         Config = LayerConfig.Validate(config);
///         NeuralSharp.Nn.Init.Constant(CreateParameter("weight", [config.Features]), config.Init);
///     }
///
///     public ScaleConfig Config { get; }
///     public static Scale Create(ScaleConfig config) =&gt; new(config);
///     public override Tensor Forward(Tensor input) =&gt; input * GetParameter("weight");
/// }
/// </code>
/// </example>
public interface IConfigurable<TSelf, TConfig> : IConfigurable
    where TSelf : ModuleBase, IConfigurable<TSelf, TConfig>
    where TConfig : class
{
    /// <summary>The layer's settings, as given to its constructor.</summary>
    new TConfig Config { get; }

    object IConfigurable.Config => Config;

    /// <summary>
    /// Builds the layer from its settings, for <see cref="IO.Model.Load(string)"/>: its tensors are then
    /// overwritten by the file's, so any fixed initialisation will do.
    /// </summary>
    static abstract TSelf Create(TConfig config);
}
