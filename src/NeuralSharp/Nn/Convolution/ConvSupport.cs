namespace NeuralSharp.Nn;

/// <summary>Shared checks and printing for the convolution and pooling layers.</summary>
internal static class ConvSupport
{
    /// <summary>
    /// A size setting brought to <paramref name="rank"/> values: an empty shape (the setting left out) becomes
    /// <paramref name="fallback"/>, one value is repeated, <paramref name="rank"/> values are kept.
    /// </summary>
    public static Shape Expand(string layer, string key, Shape value, int rank, Shape fallback)
    {
        var v = value.Rank == 0 ? fallback : value;
        if (v.Rank == rank)
        {
            return v;
        }

        if (v.Rank == 1)
        {
            return Enumerable.Repeat(v[0], rank).ToArray();
        }

        throw new ArgumentException($"{layer}: {key} must have 1 or {rank} values, got {v}");
    }

    /// <summary>The kernel size brought to <paramref name="rank"/> values; it has no default.</summary>
    public static Shape Kernel(string layer, Shape value, int rank) =>
        value.Rank == 0 ? throw new ArgumentException($"{layer}: kernel_size is required") : Expand(layer, "kernel_size", value, rank, value);

    /// <summary>PyTorch's repr of a convolution: <c>1, 6, kernel_size=(5, 5), stride=(1, 1)</c>, then what differs from the defaults.</summary>
    public static string Repr(int inChannels, int outChannels, Shape kernel, Shape stride, Shape padding, string preset, Shape dilation, Shape? outputPadding, int groups, bool bias)
    {
        var s = $"{inChannels}, {outChannels}, kernel_size={Tuple(kernel)}, stride={Tuple(stride)}";
        if (preset != "")
        {
            s += $", padding={preset}";
        }
        else if (!All(padding, 0))
        {
            s += $", padding={Tuple(padding)}";
        }

        if (!All(dilation, 1))
        {
            s += $", dilation={Tuple(dilation)}";
        }

        if (outputPadding is { } o && !All(o, 0))
        {
            s += $", output_padding={Tuple(o)}";
        }

        if (groups != 1)
        {
            s += $", groups={groups}";
        }

        return bias ? s : s + ", bias=False";
    }

    /// <summary>The same size setting, with an empty shape replaced by <paramref name="fallback"/> but one value kept as one (as PyTorch's pooling layers keep what they were given).</summary>
    public static Shape OrDefault(string layer, string key, Shape value, int rank, Shape fallback)
    {
        var v = value.Rank == 0 ? fallback : value;
        return v.Rank == 1 || v.Rank == rank ? v : throw new ArgumentException($"{layer}: {key} must have 1 or {rank} values, got {v}");
    }

    /// <summary>Python's repr of a tuple: (5, 5), (3,).</summary>
    public static string Tuple(Shape s) => LayerConfig.PythonRepr(s);

    /// <summary>An int when the setting holds one value, else a tuple: 2, (2, 3).</summary>
    public static string IntOrTuple(Shape s) => s.Rank == 1 ? LayerConfig.PythonRepr(s[0]) : LayerConfig.PythonRepr(s);

    public static (int Height, int Width) Pair(Shape s) => s.Rank == 1 ? (s[0], s[0]) : (s[0], s[1]);

    public static bool All(Shape s, int value) => s.All(v => v == value);

    /// <summary>Checks the channel count and rank of a convolution's input; returns whether it has a batch dimension.</summary>
    public static bool CheckInput(string layer, Tensor input, int channels, int spatial, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dims = spatial == 1 ? "L" : "H, W";
        if (input.Rank != spatial + 1 && input.Rank != spatial + 2)
        {
            throw new ArgumentException($"{layer}: expected input [N, {channels}, {dims}] or [{channels}, {dims}], got {input.Shape} (weight {weight.Shape})");
        }

        var batched = input.Rank == spatial + 2;
        var c = input.Size(batched ? 1 : 0);
        if (c != channels)
        {
            throw new ArgumentException($"{layer}: expected {channels} input channels, got input {input.Shape} with {c} (weight {weight.Shape})");
        }

        return batched;
    }

    /// <summary>Throws when the dilated kernel is larger than the padded input along one spatial dimension.</summary>
    public static void CheckFits(string layer, Tensor input, int size, int kernel, int padding, int dilation, Tensor weight)
    {
        if (size + padding - (dilation * (kernel - 1)) - 1 < 0)
        {
            throw new ArgumentException($"{layer}: the kernel {weight.Shape} (dilated size {(dilation * (kernel - 1)) + 1}) is larger than the padded input {input.Shape} (size {size} plus padding {padding})");
        }
    }

    /// <summary>PyTorch's split for padding="same": total d (k - 1), the smaller half before, the extra after.</summary>
    public static (int Before, int After) SamePadding(int kernel, int dilation)
    {
        var total = dilation * (kernel - 1);
        return (total / 2, total - (total / 2));
    }

    /// <summary>Checks padding="same"/"valid"/"" and that "same" has stride 1.</summary>
    public static void CheckPreset(string layer, string preset, Shape stride)
    {
        if (preset is not ("" or "same" or "valid"))
        {
            throw new ArgumentOutOfRangeException(nameof(preset), $"{layer}: padding must be numbers, 'same' or 'valid', not '{preset}'");
        }

        if (preset == "same" && !All(stride, 1))
        {
            throw new ArgumentException($"{layer}: padding='same' is not supported for strided convolutions (stride {Tuple(stride)})");
        }
    }

    /// <summary>Checks that the channel counts divide into the groups.</summary>
    public static void CheckGroups(string layer, int inChannels, int outChannels, int groups)
    {
        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"{layer}: in_channels {inChannels} and out_channels {outChannels} must both be divisible by groups {groups}");
        }
    }

    /// <summary>PyTorch's default: uniform in ±1/sqrt(fan_in) for the weight and the bias, fan_in = size(1) times the kernel's size.</summary>
    public static void Initialise(Tensor weight, Tensor? bias, Generator generator)
    {
        var fanIn = weight.Count / Math.Max(1, weight.Size(0));
        var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        Init.Uniform(weight, generator, -bound, bound);
        if (bias is not null)
        {
            Init.Uniform(bias, generator, -bound, bound);
        }
    }
}
