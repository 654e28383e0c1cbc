namespace NeuralSharp.Nn;

/// <summary>
/// The fluent methods of every module (<c>net.Eval()</c>, <c>net.Double()</c>, <c>net.Clone()</c>): extension
/// methods so that each returns the module's own type, whichever kind of module it is.
/// </summary>
public static class ModuleExtensions
{
    /// <summary>Puts the module and every descendant in training (true) or evaluation (false) mode; returns the module.</summary>
    /// <remarks>The mode changes what some layers do: <see cref="Dropout"/> drops units only in training and
    /// <see cref="BatchNorm1d"/> uses batch statistics in training and its running averages in evaluation.</remarks>
    public static T Train<T>(this T module, bool mode = true)
        where T : ModuleBase
    {
        ArgumentNullException.ThrowIfNull(module);
        module.SetTraining(mode);
        return module;
    }

    /// <summary>Shorthand for <c>Train(false)</c>: evaluation mode, for validation and prediction.</summary>
    public static T Eval<T>(this T module)
        where T : ModuleBase => module.Train(false);

    /// <summary>
    /// Stops gradients to every parameter of the module, or only to those of the named sub-modules and
    /// parameters (RequiresGrad = false, recursively), for transfer learning; returns the module.
    /// </summary>
    /// <param name="module">The network.</param>
    /// <param name="names">Dotted names as in the state dict: a sub-module (<c>"0"</c>, <c>"body.3"</c>: all its
    /// parameters) or one parameter (<c>"0.bias"</c>). None: the whole module.</param>
    /// <remarks>
    /// <para>Freeze a pretrained feature extractor and train only a new head: frozen parameters get no
    /// <see cref="Tensor.Grad"/> (a gradient they already had is dropped), so optimisers and
    /// <see cref="Training.Trainer.Fit"/> leave them unchanged, and <see cref="Summary"/> counts them as
    /// non-trainable. Freezing does not change the mode: a frozen <see cref="BatchNorm1d"/> in training mode
    /// still updates its running statistics (as in PyTorch); call <c>Eval()</c> on it to keep them too.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">A name matches no sub-module or parameter; the message lists the names there are. Nothing is changed.</exception>
    /// <example>
    /// <code>
    /// net.Freeze("body");            // or net.Freeze("0", "1") for the first two layers of a Sequential
    /// net.Unfreeze("body.2");        // later: fine-tune the top of the body too
    /// </code>
    /// </example>
    public static T Freeze<T>(this T module, params string[] names)
        where T : ModuleBase
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(names);
        module.SetRequiresGrad(false, names, "freeze");
        return module;
    }

    /// <summary>
    /// Makes every parameter trainable again (RequiresGrad = true), or only those of the named sub-modules
    /// and parameters; returns the module. Names are as for <see cref="Freeze{T}(T, string[])"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A name matches no sub-module or parameter. Nothing is changed.</exception>
    public static T Unfreeze<T>(this T module, params string[] names)
        where T : ModuleBase
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(names);
        module.SetRequiresGrad(true, names, "unfreeze");
        return module;
    }

    /// <summary>
    /// Converts every parameter and buffer to <paramref name="dtype"/> in place and returns the module
    /// (PyTorch's <c>module.to(dtype)</c>). Gradients are dropped; trainability is kept.
    /// </summary>
    public static T To<T>(this T module, DType dtype)
        where T : ModuleBase
    {
        ArgumentNullException.ThrowIfNull(module);
        module.ConvertTo(dtype);
        return module;
    }

    /// <summary>Shorthand for <c>To(DType.Float64)</c>, for gradient checks of whole modules.</summary>
    public static T Double<T>(this T module)
        where T : ModuleBase => module.To(DType.Float64);

    /// <summary>Shorthand for <c>To(DType.Float32)</c>.</summary>
    public static T Float<T>(this T module)
        where T : ModuleBase => module.To(DType.Float32);

    /// <summary>
    /// A deep copy: the same architecture and mode with copies of every parameter and buffer (gradients are
    /// not copied). Layers that hold a <see cref="Generator"/> share it with the copy.
    /// </summary>
    public static T Clone<T>(this T module)
        where T : ModuleBase
    {
        ArgumentNullException.ThrowIfNull(module);
        return (T)module.DeepCopy();
    }
}
