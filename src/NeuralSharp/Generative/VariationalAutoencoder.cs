using NeuralSharp.Nn;

namespace NeuralSharp.Generative;

/// <summary>
/// A variational autoencoder (Kingma and Welling, 2014): the encoder gives each input a Gaussian over codes, N(mean,
/// diag(exp(log-variance))), a code is drawn from it by the reparameterisation z = mean + exp(log-variance / 2) ε with
/// ε ~ N(0, I), so that the draw is differentiable in the mean and the variance, and the decoder maps the code back.
/// <see cref="Losses.Loss.Vae"/> adds to the reconstruction error the KL divergence of each posterior from N(0, I), which
/// packs the codes around the origin, so that decoding draws from N(0, I) (<see cref="Generate"/>) gives new inputs.
/// </summary>
/// <remarks>
/// <para>The children are named <c>encoder</c> (whose last layer has 2 x latent outputs: the means, then the
/// log-variances) and <c>decoder</c> (whose output is logits). In evaluation mode no code is drawn: the decoder gets
/// the mean, so reconstructions and codes are deterministic.</para>
/// <para>The draws come from <see cref="Sampler"/>, which is not saved: set it after loading for a seeded run.</para>
/// </remarks>
/// <example>
/// <code>
/// var vae = AutoencoderNetworks.VariationalDense(784, [256], latent: 2, generator: g);
/// var output = vae.Forward(batch.Inputs);
/// var loss = Loss.Vae(output.ReconstructionLogits, batch.Inputs, output.Mean, output.LogVariance);
/// Tensor digits = vae.Generate(16);   // [16, 784], pixels in [0, 1]
/// </code>
/// </example>
public sealed class VariationalAutoencoder : Module<Tensor, VaeOutput>, IComposite<VariationalAutoencoder>
{
    /// <summary>Creates the VAE from its halves: the encoder's output has 2 x latent features, the decoder takes latent.</summary>
    public VariationalAutoencoder(Module encoder, Module decoder, Generator? sampler = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        RegisterModule("encoder", encoder);
        RegisterModule("decoder", decoder);
        Sampler = sampler ?? new Generator(0);
    }

    /// <summary>The network from inputs to the posterior's parameters, [N, 2 x latent].</summary>
    public Module Encoder => (Module)ChildAt(0);

    /// <summary>The network from codes to reconstruction logits.</summary>
    public Module Decoder => (Module)ChildAt(1);

    /// <summary>Where the codes' noise is drawn from, in training mode and by <see cref="Generate"/>.</summary>
    public Generator Sampler { get; set; }

    /// <inheritdoc/>
    public static VariationalAutoencoder Create(IReadOnlyList<KeyValuePair<string, ModuleBase>> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        return children is [{ Key: "encoder", Value: Module encoder }, { Key: "decoder", Value: Module decoder }]
            ? new VariationalAutoencoder(encoder, decoder)
            : throw new ArgumentException($"variationalautoencoder: expected two single-tensor children named 'encoder' and 'decoder', got {string.Join(", ", children.Select(c => $"'{c.Key}' ({c.Value.TypeName})"))}");
    }

    /// <summary>
    /// z = mean + exp(logVariance / 2) ε with ε ~ N(0, I) drawn from <paramref name="generator"/>: a draw from
    /// N(mean, diag(exp(logVariance))) that is differentiable in both parameters.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor Reparameterize(Tensor mean, Tensor logVariance, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logVariance);
        if (mean.Shape != logVariance.Shape)
        {
            throw new ArgumentException($"reparameterize: the mean {mean.Shape} and the log-variance {logVariance.Shape} differ");
        }

        var epsilon = Tensor.Randn(mean.Shape, generator: generator, dtype: mean.DType);
        return mean + ((logVariance * 0.5).Exp() * epsilon);
    }

    /// <summary>The posterior's mean and log-variance for a batch of inputs.</summary>
    /// <exception cref="ArgumentException">The encoder's output is not [N, 2 x latent].</exception>
    public (Tensor Mean, Tensor LogVariance) Encode(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var h = Encoder.Call(input);
        if (h.Rank != 2 || h.Size(1) % 2 != 0)
        {
            throw new ArgumentException($"variationalautoencoder: the encoder's output {h.Shape} for input {input.Shape} is not [N, 2 x latent] (means, then log-variances)");
        }

        var latent = h.Size(1) / 2;
        return (h.Narrow(1, 0, latent), h.Narrow(1, latent, latent));
    }

    /// <summary>The reconstruction logits of a batch of codes.</summary>
    public Tensor Decode(Tensor code) => Decoder.Call(code);

    /// <summary>New inputs: codes drawn from the prior N(0, I), decoded, as probabilities in [0, 1].</summary>
    /// <param name="count">How many.</param>
    public Tensor Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var latent = LatentFeatures();
        return Decode(Tensor.Randn([count, latent], generator: Sampler, dtype: DType)).Sigmoid();
    }

    /// <inheritdoc/>
    public override VaeOutput Forward(Tensor input)
    {
        var (mean, logVariance) = Encode(input);
        var code = IsTraining ? Reparameterize(mean, logVariance, Sampler) : mean;
        return new VaeOutput(Decode(code), mean, logVariance);
    }

    // The decoder's first layer says how many code features it takes.
    private int LatentFeatures() => Decoder.NamedModules().Select(m => m.Value).OfType<Linear>().FirstOrDefault()?.Config.InFeatures
        ?? throw new InvalidOperationException("variationalautoencoder: the decoder has no Linear layer to tell the code's size; decode codes of your own with Decode");
}
