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

    /// <summary>Stops gradients to every parameter (RequiresGrad = false), for transfer learning; returns the module.</summary>
    /// <remarks>Freeze a pretrained feature extractor and train only a new head: frozen parameters get no
    /// <see cref="Tensor.Grad"/>, so optimisers leave them unchanged.</remarks>
    public static T Freeze<T>(this T module)
        where T : ModuleBase
    {
        ArgumentNullException.ThrowIfNull(module);
        module.SetRequiresGrad(false);
        return module;
    }

    /// <summary>Makes every parameter trainable again (RequiresGrad = true); returns the module.</summary>
    public static T Unfreeze<T>(this T module)
        where T : ModuleBase
    {
        ArgumentNullException.ThrowIfNull(module);
        module.SetRequiresGrad(true);
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
