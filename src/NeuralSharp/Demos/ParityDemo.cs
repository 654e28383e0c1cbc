using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>One number of bits in <see cref="ParityDemo"/>.</summary>
/// <param name="Bits">d, the number of input bits.</param>
/// <param name="DnfUnits">Hidden units of the one-hidden-layer network of AND units, one per input pattern with odd parity: 2^(d-1).</param>
/// <param name="DnfCorrect">Whether that network computes parity on all 2^d inputs.</param>
/// <param name="TrainedWidth">The smallest one-hidden-layer tanh width among 1, 2, 4, ... (searched upwards from the width found for d - 1, up to the search's limit) that gradient descent trained to classify all 2^d inputs, or null if none did.</param>
/// <param name="DeepUnits">Hidden units of the deep network: a balanced tree of XORs, two threshold units and one AND unit per XOR (plus a pass-through unit where an odd signal waits a level).</param>
/// <param name="DeepLayers">The deep network's number of weight layers.</param>
/// <param name="DeepCorrect">Whether the deep network computes parity on all 2^d inputs.</param>
public sealed record ParityRow(int Bits, int DnfUnits, bool DnfCorrect, int? TrainedWidth, int DeepUnits, int DeepLayers, bool DeepCorrect);

/// <summary>
/// d-bit parity, the course's example of what depth buys. A single hidden layer of AND-like units must
/// give one unit to every input pattern with odd parity, 2^(d-1) of them; a deep network computes XOR of
/// pairs, then of pairs of pairs, with O(d) units in O(log d) levels. Both are built with hand-set
/// threshold weights (like the XOR network) and checked on all 2^d inputs; beside them, the smallest
/// one-hidden-layer tanh network that gradient descent manages to train. (Smooth units that can count
/// need far fewer than 2^(d-1): about d, which the trained column shows; the exponential count is that of
/// AND/OR units, i.e. of a depth-two logic circuit.)
/// </summary>
public static class ParityDemo
{
    /// <summary>Runs d = <paramref name="minBits"/> .. <paramref name="maxBits"/>; the trained search tries widths 1, 2, 4, ... up to <paramref name="maxWidth"/>, each for at most <paramref name="steps"/> Adam steps.</summary>
    public static IReadOnlyList<ParityRow> Run(int minBits = 2, int maxBits = 8, int maxWidth = 64, int steps = 800, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minBits, 2);
        var rows = new List<ParityRow>();
        var fromWidth = 1;
        for (var d = minBits; d <= maxBits; d++)
        {
            var (x, y) = Data(d);
            var dnf = DnfNetwork(d);
            var deep = DeepNetwork(d);
            var deepLinears = DemoNetworks.Linears(deep);

            // A network for d bits computes parity of d - 1 bits with one input held at 0, so the search
            // starts from the width found for d - 1.
            var trained = SmallestTrainedWidth(d, fromWidth, maxWidth, steps, seed);
            fromWidth = trained ?? fromWidth;
            rows.Add(new ParityRow(
                d,
                HiddenUnits(dnf),
                Computes(dnf, x, y),
                trained,
                HiddenUnits(deep),
                deepLinears.Length,
                Computes(deep, x, y)));
        }

        return rows;
    }

    /// <summary>All 2^d inputs as rows of 0/1 (bit j of the row index in column j) and their parity, [2^d, 1].</summary>
    public static (Tensor Inputs, Tensor Targets) Data(int bits)
    {
        var n = 1 << bits;
        var x = new float[n * bits];
        var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < bits; j++)
            {
                x[(i * bits) + j] = (i >> j) & 1;
            }

            y[i] = System.Numerics.BitOperations.PopCount((uint)i) & 1;
        }

        return (Tensor.FromArray(x, n, bits), Tensor.FromArray(y, n, 1));
    }

    /// <summary>
    /// One hidden layer of AND units, one per odd-parity pattern p: step(sum_j s_j x_j - |p| + 1/2) with
    /// s_j = +1 where p has a 1 and -1 where it has a 0 fires for x = p alone; the output ORs them.
    /// </summary>
    public static Sequential DnfNetwork(int bits)
    {
        var patterns = Enumerable.Range(0, 1 << bits).Where(p => (System.Numerics.BitOperations.PopCount((uint)p) & 1) == 1).ToArray();
        var w = new float[patterns.Length * bits];
        var b = new float[patterns.Length];
        for (var u = 0; u < patterns.Length; u++)
        {
            for (var j = 0; j < bits; j++)
            {
                w[(u * bits) + j] = ((patterns[u] >> j) & 1) == 1 ? 1 : -1;
            }

            b[u] = 0.5f - System.Numerics.BitOperations.PopCount((uint)patterns[u]);
        }

        return new Sequential(
            SetLinear(bits, patterns.Length, w, b), new Step(),
            SetLinear(patterns.Length, 1, Enumerable.Repeat(1f, patterns.Length).ToArray(), [-0.5f]), new Step());
    }

    /// <summary>
    /// A balanced tree of XORs built from threshold units: each level pairs its signals, computing
    /// OR = step(a + b - 1/2) and NAND = step(-a - b + 3/2) in one layer and their AND = step(OR + NAND - 3/2)
    /// in the next; an unpaired signal is copied through both layers by step(a - 1/2).
    /// </summary>
    public static Sequential DeepNetwork(int bits)
    {
        var net = new Sequential();
        var signals = bits;
        while (signals > 1)
        {
            var pairs = signals / 2;
            var odd = signals % 2;
            var first = new float[((2 * pairs) + odd) * signals];
            var firstBias = new float[(2 * pairs) + odd];
            var second = new float[(pairs + odd) * ((2 * pairs) + odd)];
            var secondBias = new float[pairs + odd];
            var firstCols = signals;
            var secondCols = (2 * pairs) + odd;
            for (var p = 0; p < pairs; p++)
            {
                first[(2 * p * firstCols) + (2 * p)] = 1;
                first[(2 * p * firstCols) + (2 * p) + 1] = 1;
                firstBias[2 * p] = -0.5f;
                first[(((2 * p) + 1) * firstCols) + (2 * p)] = -1;
                first[(((2 * p) + 1) * firstCols) + (2 * p) + 1] = -1;
                firstBias[(2 * p) + 1] = 1.5f;
                second[(p * secondCols) + (2 * p)] = 1;
                second[(p * secondCols) + (2 * p) + 1] = 1;
                secondBias[p] = -1.5f;
            }

            if (odd == 1)
            {
                first[(2 * pairs * firstCols) + signals - 1] = 1;
                firstBias[2 * pairs] = -0.5f;
                second[(pairs * secondCols) + (2 * pairs)] = 1;
                secondBias[pairs] = -0.5f;
            }

            net.Add(SetLinear(signals, (2 * pairs) + odd, first, firstBias)).Add(new Step());
            net.Add(SetLinear((2 * pairs) + odd, pairs + odd, second, secondBias)).Add(new Step());
            signals = pairs + odd;
        }

        return net;
    }

    /// <summary>
    /// The smallest width w in <paramref name="minWidth"/>, 2 minWidth, 4 minWidth, ..., up to <paramref name="maxWidth"/>, for which a d-w-1 tanh network, trained by full-batch
    /// Adam on the logistic loss, classifies every input correctly within <paramref name="steps"/> steps; null if none does.
    /// </summary>
    public static int? SmallestTrainedWidth(int bits, int minWidth, int maxWidth, int steps, int seed)
    {
        var (x, y) = Data(bits);

        for (var width = minWidth; width <= maxWidth; width *= 2)
        {
            var net = new Sequential(new Linear(bits, width, generator: new Generator(seed + width)), new Tanh(), new Linear(width, 1, generator: new Generator(seed + width + 1000)));
            var optimizer = new Adam(net.Parameters(), 0.1);
            for (var step = 1; step <= steps; step++)
            {
                optimizer.ZeroGrad();
                var logits = net.Forward(x);
                Loss.BinaryCrossEntropyWithLogits(logits, y).Backward();
                optimizer.Step();
                if (step % 25 == 0 && AllCorrect(logits.Detach().Gt(0.0), y))
                {
                    return width;
                }
            }
        }

        return null;
    }

    /// <summary>Whether a network's output (thresholded at 1/2) equals the targets on every row.</summary>
    public static bool Computes(Module net, Tensor x, Tensor y)
    {
        using var _ = GradMode.NoGrad();
        return AllCorrect(net.Forward(x).Gt(0.5), y);
    }

    private static bool AllCorrect(Tensor predicted, Tensor y) => predicted.Eq(y).Sum().ItemAsDouble() == y.Count;

    private static int HiddenUnits(Sequential net) => DemoNetworks.Linears(net).SkipLast(1).Sum(l => l.OutFeatures);

    private static Linear SetLinear(int inFeatures, int outFeatures, float[] weight, float[] bias)
    {
        var layer = new Linear(inFeatures, outFeatures, generator: new Generator(0));
        using var _ = GradMode.NoGrad();
        layer.Weight.CopyFrom(Tensor.FromArray(weight, outFeatures, inFeatures));
        layer.Bias!.CopyFrom(Tensor.FromArray(bias));
        return layer;
    }
}
