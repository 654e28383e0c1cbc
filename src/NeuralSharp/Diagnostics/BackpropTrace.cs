using System.Globalization;
using NeuralSharp.Autograd;
using NeuralSharp.Losses;

namespace NeuralSharp.Diagnostics;

/// <summary>
/// One step of backpropagation written out the way the course works it by hand: every forward value
/// (net_h1, out_h1, ..., E_o1, E_total), every backward factor and gradient
/// (dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5 = ...), and every update (w5' = ...),
/// for a small fully connected sigmoid network with the quadratic cost E = sum 1/2 (target - out)^2.
/// </summary>
/// <remarks>
/// <para>No number is re-typed from a formula: the forward values come from tensor operations, each
/// total gradient dE_total/dw from one reverse-mode pass through the whole network, and each local
/// factor (dout/dnet, dnet/dw, dnet/dout) from autograd on that piece alone, so the printed chain
/// rule products can be checked against the whole-graph gradients they explain.</para>
/// <para>Naming follows the course: inputs i1, i2, ...; a single hidden layer h1, h2, ... (several are
/// h1_1, h2_1, ...); outputs o1, o2, ...; weights w1, w2, ... numbered layer by layer, row by row
/// (w1 and w2 feed h1, w3 and w4 feed h2); one bias per layer b1, b2, ....</para>
/// </remarks>
public sealed class BackpropTrace
{
    private readonly List<string> _lines = [];
    private readonly Dictionary<string, double> _values = [];

    private BackpropTrace()
    {
    }

    /// <summary>The trace, one statement per line, in the order of the course's worked example.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Every named quantity of the trace (e.g. "out_h1", "E_total", "dE_total/dw5", "w5'").</summary>
    public IReadOnlyDictionary<string, double> Values => _values;

    /// <summary>The value of a named quantity of the trace.</summary>
    public double this[string name] => _values.TryGetValue(name, out var v)
        ? v
        : throw new KeyNotFoundException($"backprop trace: no quantity named '{name}'");

    /// <summary>
    /// The course's worked example: the 2-2-2 sigmoid network with inputs 0.05, 0.10, weights 0.15 .. 0.55, biases
    /// 0.35 and 0.60, targets 0.01, 0.99, one step of gradient descent on the quadratic cost with eta = 0.5 and the
    /// biases held (E_total = 0.298371109 before; w5 = 0.358916480 and w1 = 0.149780716 after).
    /// </summary>
    public static BackpropTrace WorkedExample() => Run(
        inputs: [0.05, 0.10],
        targets: [0.01, 0.99],
        layers:
        [
            new BackpropLayer(new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }, 0.35),
            new BackpropLayer(new[,] { { 0.40, 0.45 }, { 0.50, 0.55 } }, 0.60),
        ],
        learningRate: 0.5);

    /// <summary>Runs one forward pass, one backward pass and one gradient-descent step, and records them.</summary>
    /// <param name="inputs">The input vector (one example).</param>
    /// <param name="targets">The target output vector.</param>
    /// <param name="layers">The sigmoid layers, input side first.</param>
    /// <param name="learningRate">eta in w' = w - eta dE_total/dw.</param>
    /// <param name="updateBiases">Also step the biases (the course's example holds them).</param>
    public static BackpropTrace Run(double[] inputs, double[] targets, IReadOnlyList<BackpropLayer> layers, double learningRate, bool updateBiases = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(layers);
        CheckShapes(inputs, targets, layers);
        using (GradMode.EnableGrad())
        {
            var trace = new BackpropTrace();
            new Computation(inputs, targets, layers, learningRate, updateBiases, trace).Run();
            return trace;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, _lines);

    private static void CheckShapes(double[] inputs, double[] targets, IReadOnlyList<BackpropLayer> layers)
    {
        if (layers.Count == 0)
        {
            throw new ArgumentException("backprop trace: the network has no layers", nameof(layers));
        }

        var width = inputs.Length;
        for (var l = 0; l < layers.Count; l++)
        {
            if (layers[l].Weights.GetLength(1) != width)
            {
                throw new ArgumentException($"backprop trace: layer {l + 1} has weights for {layers[l].Weights.GetLength(1)} inputs, but receives {width}", nameof(layers));
            }

            width = layers[l].Weights.GetLength(0);
        }

        if (width != targets.Length)
        {
            throw new ArgumentException($"backprop trace: the network has {width} outputs but there are {targets.Length} targets", nameof(targets));
        }
    }

    private void Record(string name, double value) => _values[name] = value;

    private void Line(string text) => _lines.Add(text);

    private static string F(double v) => v.ToString("0.#########", CultureInfo.InvariantCulture);

    /// <summary>Holds the tensors of one run and writes the trace from them.</summary>
    private sealed class Computation(double[] inputs, double[] targets, IReadOnlyList<BackpropLayer> layers, double eta, bool updateBiases, BackpropTrace trace)
    {
        private readonly int _count = layers.Count;
        private readonly Tensor[] _weights = layers.Select(l => Tensor.FromArray(l.Weights).RequireGrad()).ToArray();
        private readonly Tensor[] _biases = layers.Select(l => Tensor.Scalar(l.Bias, DType.Float64).RequireGrad()).ToArray();

        // Per layer, the input (a leaf), net and out of a network cut at every layer, so that autograd
        // can give the local derivatives of one piece at a time.
        private readonly Tensor[] _layerInput = new Tensor[layers.Count];
        private readonly Tensor[] _net = new Tensor[layers.Count];
        private readonly Tensor[] _netLeaf = new Tensor[layers.Count];
        private readonly Tensor[] _out = new Tensor[layers.Count];

        // dnet_j/dout_k of the layer below, for every neuron j, kept for the hidden layers' path sums.
        private readonly Dictionary<(int Layer, int Neuron), double[]> _netToBelow = [];

        private string Neuron(int layer, int j)
        {
            if (layer < 0)
            {
                return $"i{j + 1}";
            }

            return layer == _count - 1 ? $"o{j + 1}" : _count == 2 ? $"h{j + 1}" : $"h{j + 1}_{layer + 1}";
        }

        /// <summary>The course numbers weights w1, w2, ... through the layers, row by row.</summary>
        private string WeightName(int layer, int j, int k)
        {
            var before = 0;
            for (var l = 0; l < layer; l++)
            {
                before += _weights[l].Count;
            }

            return $"w{before + (j * _weights[layer].Size(1)) + k + 1}";
        }

        private int Width(int layer) => layer < 0 ? inputs.Length : _weights[layer].Size(0);

        public void Run()
        {
            Forward();
            var outputGrad = Errors();
            var totalGrads = WholeNetworkGradients();
            var upstream = outputGrad;
            for (var l = _count - 1; l >= 0; l--)
            {
                upstream = BackwardLayer(l, upstream, totalGrads);
            }

            Update(totalGrads);
        }

        private void Forward()
        {
            trace.Line("Forward pass");
            var a = Tensor.FromArray(inputs);
            for (var j = 0; j < inputs.Length; j++)
            {
                trace.Record(Neuron(-1, j), inputs[j]);
            }

            for (var l = 0; l < _count; l++)
            {
                // The starting weights and biases, under the names the updates are recorded beside (w5 and w5').
                trace.Record($"b{l + 1}", _biases[l].ItemAsDouble());
                for (var j = 0; j < Width(l); j++)
                {
                    for (var k = 0; k < Width(l - 1); k++)
                    {
                        trace.Record(WeightName(l, j, k), At(_weights[l], j, k));
                    }
                }

                _layerInput[l] = a.Detach().Clone().RequireGrad();
                _net[l] = _weights[l].MatMul(_layerInput[l]) + _biases[l];
                _netLeaf[l] = _net[l].Detach().Clone().RequireGrad();
                _out[l] = _netLeaf[l].Sigmoid();
                for (var j = 0; j < Width(l); j++)
                {
                    var terms = Enumerable.Range(0, Width(l - 1)).ToArray();
                    var symbolic = string.Join(" + ", terms.Select(k => $"{WeightName(l, j, k)} * {(l == 0 ? "" : "out_")}{Neuron(l - 1, k)}")) + $" + b{l + 1}";
                    var numeric = string.Join(" + ", terms.Select(k => $"{F(At(_weights[l], j, k))} * {F(At(_layerInput[l], k))}")) + $" + {F(_biases[l].ItemAsDouble())} * 1";
                    var net = _net[l].ToDoubleArray()[j];
                    var o = _out[l].ToDoubleArray()[j];
                    trace.Record($"net_{Neuron(l, j)}", net);
                    trace.Record($"out_{Neuron(l, j)}", o);
                    trace.Line($"net_{Neuron(l, j)} = {symbolic} = {numeric} = {F(net)}");
                    trace.Line($"out_{Neuron(l, j)} = 1 / (1 + e^-net_{Neuron(l, j)}) = {F(o)}");
                }

                a = _out[l];
            }
        }

        /// <summary>The errors E_o and E_total; returns dE_total/dout for the output layer, by autograd.</summary>
        private Tensor Errors()
        {
            var last = _count - 1;
            var output = _out[last].Detach().Clone().RequireGrad();
            var target = Tensor.FromArray(targets);
            var perOutput = Loss.Quadratic(output, target, Reduction.None).ToDoubleArray();
            var total = Loss.Quadratic(output, target, Reduction.Sum);
            total.Backward();
            trace.Line("Errors");
            for (var j = 0; j < targets.Length; j++)
            {
                var o = Neuron(last, j);
                trace.Record($"E_{o}", perOutput[j]);
                trace.Line($"E_{o} = 1/2 (target_{o} - out_{o})^2 = 1/2 ({F(targets[j])} - {F(At(output, j))})^2 = {F(perOutput[j])}");
            }

            trace.Record("E_total", total.ItemAsDouble());
            trace.Line($"E_total = {string.Join(" + ", Enumerable.Range(0, targets.Length).Select(j => $"E_{Neuron(last, j)}"))} = {F(total.ItemAsDouble())}");
            return output.Grad!;
        }

        /// <summary>dE_total/dW and dE_total/db for every layer from one backward pass through the uncut network.</summary>
        private (Tensor[] Weights, Tensor[] Biases) WholeNetworkGradients()
        {
            var a = Tensor.FromArray(inputs);
            foreach (var (w, b) in _weights.Zip(_biases))
            {
                a = (w.MatMul(a) + b).Sigmoid();
            }

            Loss.Quadratic(a, Tensor.FromArray(targets), Reduction.Sum).Backward();
            return (_weights.Select(w => w.Grad!.Clone()).ToArray(), _biases.Select(b => b.Grad!.Clone()).ToArray());
        }

        /// <summary>Writes the backward lines of one layer; returns dE_total/dout of the layer below.</summary>
        private Tensor BackwardLayer(int l, Tensor dOut, (Tensor[] Weights, Tensor[] Biases) totals)
        {
            trace.Line(l == _count - 1 ? "Backward pass: output layer" : $"Backward pass: hidden layer {l + 1}");
            // dout/dnet: the sigmoid's Jacobian is diagonal, so one backward pass with ones gives every entry.
            var local = Grads(() => _out[l].Backward(Tensor.OnesLike(_out[l]), retainGraph: true), _netLeaf[l])[0].ToDoubleArray();
            var delta = Grads(() => _out[l].Backward(dOut, retainGraph: true), _netLeaf[l])[0];
            var dOutValues = dOut.ToDoubleArray();
            var deltaValues = delta.ToDoubleArray();
            var below = Grads(() => _net[l].Backward(delta, retainGraph: true), _layerInput[l])[0];

            for (var j = 0; j < Width(l); j++)
            {
                var n = Neuron(l, j);
                if (l == _count - 1)
                {
                    trace.Record($"dE_total/dout_{n}", dOutValues[j]);
                    trace.Line($"dE_total/dout_{n} = -(target_{n} - out_{n}) = -({F(targets[j])} - {F(_out[l].ToDoubleArray()[j])}) = {F(dOutValues[j])}");
                }
                else
                {
                    HiddenOutputGradient(l, j, dOutValues[j]);
                }

                trace.Record($"dout_{n}/dnet_{n}", local[j]);
                trace.Line($"dout_{n}/dnet_{n} = out_{n} (1 - out_{n}) = {F(local[j])}");
                trace.Record($"dE_total/dnet_{n}", deltaValues[j]);
                trace.Line($"dE_total/dnet_{n} = dE_total/dout_{n} * dout_{n}/dnet_{n} = {F(dOutValues[j])} * {F(local[j])} = {F(deltaValues[j])}");

                // dnet_j/dw_jk and dnet_j/dout_k of the layer below, from one backward pass of e_j.
                var e = Tensor.OneHot([j], Width(l), DType.Float64).Reshape(-1);
                var pieces = Grads(() => _net[l].Backward(e, retainGraph: true), _weights[l], _layerInput[l]);
                _netToBelow[(l, j)] = pieces[1].ToDoubleArray();
                for (var k = 0; k < Width(l - 1); k++)
                {
                    var w = WeightName(l, j, k);
                    var factor = At(pieces[0], j, k);
                    var total = At(totals.Weights[l], j, k);
                    trace.Record($"dnet_{n}/d{w}", factor);
                    trace.Line($"dnet_{n}/d{w} = {(l == 0 ? Neuron(-1, k) : "out_" + Neuron(l - 1, k))} = {F(factor)}");
                    trace.Record($"dE_total/d{w}", total);
                    trace.Line($"dE_total/d{w} = dE_total/dout_{n} * dout_{n}/dnet_{n} * dnet_{n}/d{w} = {F(dOutValues[j])} * {F(local[j])} * {F(factor)} = {F(total)}");
                    var updated = At(_weights[l], j, k) - (eta * total);
                    trace.Record($"{w}'", updated);
                    trace.Line($"{w}' = {w} - eta * dE_total/d{w} = {F(At(_weights[l], j, k))} - {F(eta)} * {F(total)} = {F(updated)}");
                }
            }

            var bias = $"b{l + 1}";
            trace.Record($"dE_total/d{bias}", totals.Biases[l].ItemAsDouble());
            if (updateBiases)
            {
                var updated = _biases[l].ItemAsDouble() - (eta * totals.Biases[l].ItemAsDouble());
                trace.Line($"dE_total/d{bias} = sum_j dE_total/dnet_j = {F(totals.Biases[l].ItemAsDouble())}");
                trace.Record($"{bias}'", updated);
                trace.Line($"{bias}' = {bias} - eta * dE_total/d{bias} = {F(_biases[l].ItemAsDouble())} - {F(eta)} * {F(totals.Biases[l].ItemAsDouble())} = {F(updated)}");
            }

            return below;
        }

        /// <summary>dE_total/dout_h for a hidden neuron: the sum over the paths through every neuron of the layer above.</summary>
        private void HiddenOutputGradient(int l, int j, double total)
        {
            var n = Neuron(l, j);
            var above = l + 1;
            var parts = new List<string>();
            var values = new List<double>();
            for (var k = 0; k < Width(above); k++)
            {
                var m = Neuron(above, k);
                var delta = trace[$"dE_total/dnet_{m}"];
                var link = _netToBelow[(above, k)][j];
                var part = delta * link;
                var name = above == _count - 1 ? $"dE_{m}/dout_{n}" : $"dE_total/dout_{n} via net_{m}";
                trace.Record($"dnet_{m}/dout_{n}", link);
                trace.Record(name, part);
                trace.Line($"{name} = dE_{(above == _count - 1 ? m : "total")}/dnet_{m} * dnet_{m}/dout_{n} = {F(delta)} * {F(link)} = {F(part)}");
                parts.Add(name);
                values.Add(part);
            }

            trace.Record($"dE_total/dout_{n}", total);
            var sum = parts.Count == 1 ? "" : $" = {string.Join(" + ", values.Select(F))}";
            trace.Line($"dE_total/dout_{n} = {string.Join(" + ", parts)}{sum} = {F(total)}");
        }

        private void Update((Tensor[] Weights, Tensor[] Biases) totals)
        {
            using (GradMode.NoGrad())
            {
                for (var l = 0; l < _count; l++)
                {
                    _weights[l].AddInPlace(totals.Weights[l], -eta);
                    if (updateBiases)
                    {
                        _biases[l].AddInPlace(totals.Biases[l], -eta);
                    }
                }
            }

            trace.Line("Updated weights");
            for (var l = 0; l < _count; l++)
            {
                for (var j = 0; j < Width(l); j++)
                {
                    for (var k = 0; k < Width(l - 1); k++)
                    {
                        var w = WeightName(l, j, k);
                        trace.Record($"{w}'", At(_weights[l], j, k));
                        trace.Line($"{w} = {F(At(_weights[l], j, k))}");
                    }
                }
            }
        }

        /// <summary>An element in double precision (the tensor indexer gives floats).</summary>
        private static double At(Tensor t, params int[] index)
        {
            var flat = 0;
            for (var d = 0; d < index.Length; d++)
            {
                flat = (flat * t.Size(d)) + index[d];
            }

            return t.ToDoubleArray()[flat];
        }

        /// <summary>Runs a backward pass and returns what it left in the gradients of <paramref name="leaves"/>.</summary>
        private static Tensor[] Grads(Action backward, params Tensor[] leaves)
        {
            foreach (var leaf in leaves)
            {
                leaf.Grad = null;
            }

            backward();
            return leaves.Select(leaf => leaf.Grad is { } g ? g.Clone() : Tensor.ZerosLike(leaf)).ToArray();
        }
    }
}
