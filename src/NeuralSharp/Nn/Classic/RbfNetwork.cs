using NeuralSharp.Autograd;

namespace NeuralSharp.Nn;

/// <summary>How <see cref="RbfNetwork.PlaceCentres"/> chooses the centres from the training inputs.</summary>
public enum RbfCentrePlacement
{
    /// <summary>k-means with k-means++ seeding (<see cref="KMeans.Fit"/>).</summary>
    KMeans,

    /// <summary>A random subset of the training inputs (<see cref="KMeans.RandomSubset"/>).</summary>
    RandomSubset,
}

/// <summary>
/// A radial basis function network (Broomhead and Lowe, 1988): a layer of radial units
/// phi_j(x) = exp(-||x - c_j||² / (2 s_j²)) (or a multiquadric, see <see cref="RbfNetworkConfig.Kernel"/>) followed
/// by a linear readout y = phi Wᵀ + b. Either place the centres (<see cref="PlaceCentres"/>), set the widths from
/// their spread (<see cref="SetWidthsFromSpread"/>) and solve the readout in closed form (<see cref="FitReadout"/>),
/// or train the whole network by backpropagation: the centres and widths are parameters like the readout's.
/// </summary>
/// <remarks>Parameters: <c>centres</c> [k, in], <c>widths</c> [k], <c>weight</c> [out, k], <c>bias</c> [out]. Initially
/// the centres are standard normal, the widths 1 and the readout uniform in ±1/sqrt(k), as a <see cref="Linear"/>.</remarks>
/// <example>
/// <code>
/// var net = RbfNetwork.Fit(x, y, centres: 10, generator: new Generator(1));   // k-means, spread widths, least squares
/// var prediction = net.Forward(x);
/// </code>
/// </example>
public sealed class RbfNetwork : Module, IConfigurable<RbfNetwork, RbfNetworkConfig>
{
    private static readonly string[] Kernels = ["gaussian", "multiquadric", "inverse_multiquadric"];

    /// <summary>Creates the network, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    /// <exception cref="ArgumentException">An unknown kernel.</exception>
    public RbfNetwork(RbfNetworkConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        if (!Kernels.Contains(config.Kernel))
        {
            throw new ArgumentException($"rbfnetwork: unknown kernel '{config.Kernel}' (expected one of {string.Join(", ", Kernels)})");
        }

        var g = generator ?? Generator.Default;
        var bound = 1 / Math.Sqrt(config.Centres);
        Init.Normal(CreateParameter("centres", [config.Centres, config.InFeatures]), g);
        Init.Constant(CreateParameter("widths", [config.Centres]), 1);
        Init.Uniform(CreateParameter("weight", [config.OutFeatures, config.Centres]), g, -bound, bound);
        Init.Uniform(CreateParameter("bias", [config.OutFeatures]), g, -bound, bound);
    }

    /// <summary>Creates the network from its sizes; see <see cref="RbfNetworkConfig"/>.</summary>
    public RbfNetwork(int inFeatures, int centres, int outFeatures, string kernel = "gaussian", Generator? generator = null)
        : this(new RbfNetworkConfig(inFeatures, centres, outFeatures, kernel), generator)
    {
    }

    /// <inheritdoc/>
    public RbfNetworkConfig Config { get; }

    /// <summary>The centres c_j, [k, in].</summary>
    public Tensor Centres => GetParameter("centres");

    /// <summary>The widths s_j, [k].</summary>
    public Tensor Widths => GetParameter("widths");

    /// <summary>The readout's weights, [out, k].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>The readout's bias, [out].</summary>
    public Tensor Bias => GetParameter("bias");

    /// <inheritdoc/>
    public static RbfNetwork Create(RbfNetworkConfig config) => new(config, new Generator(0));

    /// <summary>
    /// Builds a network in closed form: centres by <paramref name="placement"/>, widths from their spread, and the
    /// readout by least squares with an optional <paramref name="ridge"/> term. x is [n, in], y [n, out].
    /// </summary>
    public static RbfNetwork Fit(Tensor x, Tensor y, int centres, Generator generator, string kernel = "gaussian",
        RbfCentrePlacement placement = RbfCentrePlacement.KMeans, double ridge = 0, double widthScale = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank != 2 || y.Rank != 2)
        {
            throw new ArgumentException($"rbfnetwork: expected x [n, in] and y [n, out], got {x.Shape} and {y.Shape}");
        }

        var net = new RbfNetwork(x.Size(1), centres, y.Size(1), kernel, generator).To(x.DType);
        net.PlaceCentres(x, placement, generator);
        net.SetWidthsFromSpread(widthScale);
        net.FitReadout(x, y, ridge);
        return net;
    }

    /// <summary>The radial units' outputs phi [n, k] for inputs [n, in].</summary>
    /// <exception cref="ArgumentException">The input is not [n, in].</exception>
    public Tensor Hidden(Tensor input)
    {
        if (input.Rank != 2 || input.Size(1) != Config.InFeatures)
        {
            throw new ArgumentException($"rbfnetwork: expected an input of shape [N, {Config.InFeatures}], got {input.Shape}");
        }

        return Activations(input, Centres, Widths, Config.Kernel);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Tensor.Linear(Hidden(input), Weight, Bias);

    /// <summary>
    /// The radial functions of x [n, d] about centres c [k, d] with widths s [k], [n, k]: <c>gaussian</c>
    /// exp(-r²/(2s²)), <c>multiquadric</c> sqrt(r² + s²), <c>inverse_multiquadric</c> 1/sqrt(r² + s²).
    /// </summary>
    /// <remarks>Differentiable in all three arguments.</remarks>
    public static Tensor Activations(Tensor x, Tensor centres, Tensor widths, string kernel = "gaussian")
    {
        var r2 = Distances.SquaredEuclidean(x, centres);
        var s2 = widths.Square();
        return kernel switch
        {
            "gaussian" => (-r2 / (2.0 * s2)).Exp(),
            "multiquadric" => (r2 + s2).Sqrt(),
            "inverse_multiquadric" => (r2 + s2).Sqrt().Reciprocal(),
            _ => throw new ArgumentException($"rbf: unknown kernel '{kernel}' (expected one of {string.Join(", ", Kernels)})"),
        };
    }

    /// <summary>Sets the centres from the training inputs [n, in] (k-means++ then Lloyd, or a random subset).</summary>
    /// <exception cref="ArgumentException">The inputs have the wrong width or fewer rows than there are centres.</exception>
    public RbfNetwork PlaceCentres(Tensor x, RbfCentrePlacement placement, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2 || x.Size(1) != Config.InFeatures)
        {
            throw new ArgumentException($"rbfnetwork: expected inputs [N, {Config.InFeatures}], got {x.Shape}");
        }

        var centres = placement == RbfCentrePlacement.KMeans
            ? KMeans.Fit(x, Config.Centres, generator).Centres
            : KMeans.RandomSubset(x, Config.Centres, generator);
        using (GradMode.NoGrad())
        {
            Centres.CopyFrom(centres.To(Centres.DType));
        }

        return this;
    }

    /// <summary>
    /// Sets every width from the centres' spread, s = scale · d_max / sqrt(2k) (Haykin's rule, d_max the largest
    /// distance between two centres), so that the units overlap without any being too flat or too peaked.
    /// </summary>
    public RbfNetwork SetWidthsFromSpread(double scale = 1)
    {
        var k = Config.Centres;
        var dMax = k > 1 ? Math.Sqrt(Distances.SquaredEuclidean(Centres.Detach(), Centres.Detach()).Max().ItemAsDouble()) : 1;
        var s = scale * (dMax > 0 ? dMax : 1) / Math.Sqrt(2.0 * k);
        using (GradMode.NoGrad())
        {
            Widths.Fill(s);
        }

        return this;
    }

    /// <summary>
    /// Solves the readout in closed form for inputs x [n, in] and targets y [n, out], keeping the centres and widths:
    /// [W b] minimises ||[phi 1] [W b]ᵀ - y||² + ridge ||[W b]||² (<see cref="LeastSquares.Solve"/>).
    /// </summary>
    public RbfNetwork FitReadout(Tensor x, Tensor y, double ridge = 0)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.Rank != 2 || y.Size(1) != Config.OutFeatures || y.Size(0) != x.Size(0))
        {
            throw new ArgumentException($"rbfnetwork: expected targets [{x.Size(0)}, {Config.OutFeatures}], got {y.Shape}");
        }

        using (GradMode.NoGrad())
        {
            var phi = Hidden(x.To(Centres.DType)).Double();
            var design = Tensor.Concat([phi, Tensor.Ones([x.Size(0), 1], DType.Float64)], 1);
            var solution = LeastSquares.Solve(design, y, ridge);
            var k = Config.Centres;
            Weight.CopyFrom(solution.Narrow(0, 0, k).T.Contiguous().To(Weight.DType));
            Bias.CopyFrom(solution.Narrow(0, k, 1).Reshape(-1).To(Bias.DType));
        }

        return this;
    }
}
