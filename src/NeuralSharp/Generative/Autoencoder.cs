using NeuralSharp.Nn;

namespace NeuralSharp.Generative;

/// <summary>
/// An autoencoder: an encoder maps each input to a code, usually much smaller than the input, and a decoder
/// maps the code back; trained to reproduce its input, the code has to keep what matters about it. Any two
/// single-tensor modules will do; <see cref="AutoencoderNetworks"/> builds the usual dense and convolutional ones.
/// </summary>
/// <remarks>The children are named <c>encoder</c> and <c>decoder</c>, so the tensors are called
/// <c>encoder.0.weight</c>, <c>decoder.2.bias</c> and so on. <see cref="Forward"/> is the reconstruction;
/// <see cref="Encode"/> gives the code (the embedding), <see cref="Decode"/> turns codes into inputs.</remarks>
/// <example>
/// <code>
/// var ae = AutoencoderNetworks.Dense(784, [256], code: 2, generator: g);
/// Trainer.Fit(ae, new MseLoss(), new Adam(ae.Parameters()), new TensorDataset(images, images), options);
/// Tensor codes = ae.Encode(images);   // [N, 2]
/// </code>
/// </example>
public sealed class Autoencoder : Module, IComposite<Autoencoder>
{
    /// <summary>Creates the autoencoder from its two halves.</summary>
    public Autoencoder(Module encoder, Module decoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        RegisterModule("encoder", encoder);
        RegisterModule("decoder", decoder);
    }

    /// <summary>The network from inputs to codes.</summary>
    /// <remarks>Read from the child registry rather than a field, so that a clone runs its own copies.</remarks>
    public Module Encoder => (Module)ChildAt(0);

    /// <summary>The network from codes to inputs.</summary>
    public Module Decoder => (Module)ChildAt(1);

    /// <inheritdoc/>
    public static Autoencoder Create(IReadOnlyList<KeyValuePair<string, ModuleBase>> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        return children is [{ Key: "encoder", Value: Module encoder }, { Key: "decoder", Value: Module decoder }]
            ? new Autoencoder(encoder, decoder)
            : throw new ArgumentException($"autoencoder: expected two single-tensor children named 'encoder' and 'decoder', got {string.Join(", ", children.Select(c => $"'{c.Key}' ({c.Value.TypeName})"))}");
    }

    /// <summary>The codes of a batch of inputs.</summary>
    public Tensor Encode(Tensor input) => Encoder.Call(input);

    /// <summary>The inputs a batch of codes decodes to.</summary>
    public Tensor Decode(Tensor code) => Decoder.Call(code);

    /// <summary>The reconstruction of a batch of inputs: <c>Decode(Encode(input))</c>.</summary>
    /// <exception cref="ArgumentException">The reconstruction's shape differs from the input's (the halves do not mirror each other).</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = Decode(Encode(input));
        if (output.Shape != input.Shape)
        {
            throw new ArgumentException($"autoencoder: the decoder's output {output.Shape} differs from the input {input.Shape}; the decoder must mirror the encoder");
        }

        return output;
    }
}
