using NeuralSharp.Autograd;

namespace NeuralSharp.Nn;

/// <summary>
/// Recycles the activations of a no-gradient forward pass through a <see cref="Sequential"/> of layers that keep none of
/// them (convolutions, products, activations, pooling, reshapes): without it, each inference call of a CNN allocates its
/// feature maps afresh (14 MB for LeNet-5 at batch 256), on the large-object heap, which only full collections free.
/// </summary>
/// <remarks>
/// <para>One arena per thread, kept between calls: a warm inference loop allocates only its outputs, which are copied
/// out of the arena. The arena holds about one forward pass's activations for each input shape seen last; a new input
/// shape starts a new arena, so that buffers of other batch sizes are not kept.</para>
/// <para>It stays out of the way when gradients are recorded, when a caller's scope is already open (Fit, Evaluate and
/// hand-written loops keep their own), and when any layer is watched by hooks (a hook may keep what it sees) or is of a
/// kind not known to keep nothing (batch normalisation, recurrent layers, user modules).</para>
/// </remarks>
internal static class InferenceArena
{
    [ThreadStatic]
    private static TensorArena? t_arena;

    [ThreadStatic]
    private static int[]? t_dims;

    /// <summary>A scope of this thread's inference arena for running <paramref name="model"/> on <paramref name="input"/>, or none (default) where it does not apply.</summary>
    public static TensorArena.ScopeHandle ScopeFor(Sequential model, Tensor input)
    {
        if (GradMode.IsEnabled || TensorArena.IsScopeOpen || !KeepsNothing(model))
        {
            return default;
        }

        if (t_arena is null || t_dims is null || !input.Dims.SequenceEqual(t_dims))
        {
            (t_arena, t_dims) = (new TensorArena(), input.Dims.ToArray());
        }

        return t_arena.Scope();
    }

    /// <summary>The pass's output as the caller may keep it: copied out of the arena if it lives there (inside the scope).</summary>
    public static Tensor Keep(Tensor output)
    {
        if (!output.IsArenaBacked)
        {
            return output;
        }

        using (TensorArena.Suspend())
        {
            return output.Clone();
        }
    }

    private static bool KeepsNothing(Sequential model)
    {
        foreach (Module layer in model.Children())
        {
            if (layer.IsObserved)
            {
                return false;
            }

            var pure = layer switch
            {
                Sequential inner => KeepsNothing(inner),
                Conv2d or Linear or ReLU or Tanh or Sigmoid or LeakyReLU or ELU or SoftPlus or Identity
                    or MaxPool2d or AvgPool2d or MaxPool1d or AvgPool1d or Flatten or Unflatten => true,
                Dropout or Dropout2d => !layer.IsTraining,
                _ => false,
            };
            if (!pure)
            {
                return false;
            }
        }

        return true;
    }
}
