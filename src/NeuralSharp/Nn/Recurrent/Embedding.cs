namespace NeuralSharp.Nn;

/// <summary>
/// A lookup table of token vectors (PyTorch's <c>nn.Embedding</c>): an input of token indices of any shape
/// (a tensor holding whole numbers in [0, num_embeddings)) gives the rows of <c>weight</c> [num_embeddings,
/// embedding_dim] for them, output shape input shape + [embedding_dim]; the lookup is an index-select, so
/// the gradient reaches exactly the rows used.
/// </summary>
/// <remarks>Initialisation as PyTorch: N(0, 1), with the padding row (if any) zero; the padding row receives no
/// gradient, so training leaves it as it is.</remarks>
public sealed class Embedding : Module, IConfigurable<Embedding, EmbeddingConfig>
{
    /// <summary>Creates the table, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public Embedding(EmbeddingConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        if (config.PaddingIdx >= config.NumEmbeddings)
        {
            throw new ArgumentOutOfRangeException(nameof(config), $"embedding: padding_idx must be below num_embeddings {config.NumEmbeddings}, got {config.PaddingIdx}");
        }

        var weight = Init.Normal(CreateParameter("weight", [config.NumEmbeddings, config.EmbeddingDim]), generator ?? Generator.Default);
        if (config.PaddingIdx >= 0)
        {
            using (Autograd.GradMode.NoGrad())
            {
                weight.Narrow(0, config.PaddingIdx, 1).Fill(0);
            }
        }
    }

    /// <summary>Creates the table from its sizes; a negative <paramref name="paddingIdx"/> counts from the end, null means none.</summary>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, Generator? generator = null)
        : this(new EmbeddingConfig(numEmbeddings, embeddingDim, Normalise(numEmbeddings, paddingIdx)), generator)
    {
    }

    /// <inheritdoc/>
    public EmbeddingConfig Config { get; }

    /// <summary>The table, shape [num_embeddings, embedding_dim].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <inheritdoc/>
    public static Embedding Create(EmbeddingConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var values = input.ToDoubleArray();
        var indices = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v != Math.Floor(v) || v < 0 || v >= Config.NumEmbeddings)
            {
                throw new ArgumentOutOfRangeException(nameof(input), $"embedding: token indices must be whole numbers in [0, {Config.NumEmbeddings}), got {v} in an input of shape {input.Shape}");
            }

            indices[i] = (int)v;
        }

        var weight = Weight;
        var rows = weight.IndexSelect(0, indices);
        if (Config.PaddingIdx >= 0 && Array.IndexOf(indices, Config.PaddingIdx) >= 0)
        {
            // The padding row's value is looked up from a detached table, so that no gradient reaches it.
            var isPad = Tensor.FromArray(indices.Select(i => i == Config.PaddingIdx ? 1.0 : 0.0).ToArray(), indices.Length, 1).To(weight.DType);
            rows = (rows * (1.0 - isPad)) + (weight.Detach().IndexSelect(0, indices) * isPad);
        }

        return rows.Reshape([.. input.Shape, Config.EmbeddingDim]);
    }

    /// <inheritdoc/>
    /// <remarks>As PyTorch: <c>Embedding(10, 3)</c>, or <c>Embedding(10, 3, padding_idx=0)</c>.</remarks>
    protected override string ExtraRepr() =>
        Config.PaddingIdx >= 0 ? $"{Config.NumEmbeddings}, {Config.EmbeddingDim}, padding_idx={Config.PaddingIdx}" : $"{Config.NumEmbeddings}, {Config.EmbeddingDim}";

    private static int Normalise(int count, int? index) => index switch
    {
        null => -1,
        < 0 when index.Value >= -count => count + index.Value,
        < 0 => throw new ArgumentOutOfRangeException(nameof(index), $"embedding: padding_idx must be in [-{count}, {count}), got {index}"),
        _ => index.Value,
    };
}
