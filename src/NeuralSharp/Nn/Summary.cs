using System.Globalization;
using System.Text;
using NeuralSharp.Autograd;

namespace NeuralSharp.Nn;

/// <summary>One row of a <see cref="Summary"/>: a layer, the shape it outputs and its parameter count.</summary>
/// <param name="Name">The layer's dotted name in the network ("0", "encoder.1").</param>
/// <param name="Layer">The layer's printed form, e.g. <c>Linear(in_features=784, out_features=30, bias=True)</c>.</param>
/// <param name="OutputShape">The shape of the layer's output for the summarised input shape.</param>
/// <param name="Parameters">The number of parameter elements in the layer (and its descendants).</param>
public sealed record SummaryRow(string Name, string Layer, Shape OutputShape, long Parameters)
{
    /// <summary>The shapes of every tensor the layer returned (several for a <see cref="Module{TIn, TOut}"/> returning, say, output and state); the first is <see cref="OutputShape"/>.</summary>
    public IReadOnlyList<Shape> OutputShapes { get; init; } = [OutputShape];

    /// <summary>
    /// For a convolution (<see cref="Conv1d"/>, <see cref="Conv2d"/>): the parameters of the dense layer with the same
    /// input and output sizes per example (and a bias if the convolution has one), which parameter sharing saves; null otherwise.
    /// </summary>
    public long? DenseParameters { get; init; }

    /// <summary>For a convolution, one example's input and output shapes, e.g. [1, 28, 28] and [6, 28, 28]; null otherwise.</summary>
    public (Shape Input, Shape Output)? DenseShapes { get; init; }
}

/// <summary>
/// A Keras-style table of a network's layers, output shapes and parameter counts, with the totals and,
/// given the size of the training set, the rule of thumb of 10 to 30 training examples per parameter.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(Summary.Create(net, [1, 784], trainingExamples: 60_000));
/// </code>
/// </example>
public sealed class Summary
{
    /// <summary>
    /// Summarises <paramref name="model"/> for one example of the shape it was built for,
    /// <see cref="Module.InputShape"/> (recorded in model files), with a batch dimension of 1.
    /// </summary>
    /// <exception cref="ArgumentException">The model does not know its input shape; give it with the other overload.</exception>
    public static Summary Create(Module model, long? trainingExamples = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var shape = model.InputShape ?? throw new ArgumentException($"summary: the {model.TypeName} does not record its input shape; set InputShape or pass the shape", nameof(model));
        return Create(model, [1, .. shape], trainingExamples);
    }

    /// <summary>The rule of thumb's lower bound on training examples per parameter.</summary>
    public const int MinExamplesPerParameter = 10;

    /// <summary>The rule of thumb's upper bound on training examples per parameter.</summary>
    public const int MaxExamplesPerParameter = 30;

    private Summary(IReadOnlyList<SummaryRow> rows, Shape inputShape, long total, long trainable, long? trainingExamples)
    {
        Rows = rows;
        InputShape = inputShape;
        TotalParameters = total;
        TrainableParameters = trainable;
        TrainingExamples = trainingExamples;
    }

    /// <summary>One row per layer; the layers of nested <see cref="Sequential"/> networks are listed individually.</summary>
    public IReadOnlyList<SummaryRow> Rows { get; }

    /// <summary>The input shape the output shapes were computed for.</summary>
    public Shape InputShape { get; }

    /// <summary>The number of parameter elements in the network.</summary>
    public long TotalParameters { get; }

    /// <summary>The number of parameter elements that require gradients (not frozen).</summary>
    public long TrainableParameters { get; }

    /// <summary>The training set size the summary was given, if any.</summary>
    public long? TrainingExamples { get; }

    /// <summary>
    /// Summarises <paramref name="model"/> by running it once on zeros of <paramref name="inputShape"/> (batch
    /// dimension included) in evaluation mode and without gradients; the model's modes and state are left as they were.
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="inputShape">The input shape, e.g. [1, 784].</param>
    /// <param name="trainingExamples">The size of the training set, to compare with the rule of thumb.</param>
    public static Summary Create(Module model, Shape inputShape, long? trainingExamples = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rows = new List<SummaryRow>();
        InEvaluation(model, () => Run(model, string.Empty, Tensor.Zeros(inputShape, model.DType), rows));
        return new Summary(rows, inputShape, model.ParameterCount, model.TrainableParameterCount, trainingExamples);
    }

    /// <summary>
    /// Summarises a module that takes or returns several tensors by running it once on <paramref name="example"/>
    /// (in evaluation mode, without gradients): one row per direct child, in the order the children were first
    /// called through <see cref="Module{TIn, TOut}.Call"/>, with the shapes of the tensors each returned.
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="example">An input, e.g. <c>(Tensor.Zeros([5, 1, 3]), null)</c> for a sequence and no state.</param>
    /// <param name="trainingExamples">The size of the training set, to compare with the rule of thumb.</param>
    public static Summary Create<TIn, TOut>(Module<TIn, TOut> model, TIn example, long? trainingExamples = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var names = new Dictionary<ModuleBase, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, child) in model.NamedChildren())
        {
            names[child] = name;
        }

        var seen = new HashSet<ModuleBase>(ReferenceEqualityComparer.Instance);
        var rows = new List<SummaryRow>();
        var previous = ModuleBase.CallObserver;
        ModuleBase.CallObserver = (module, output) =>
        {
            previous?.Invoke(module, output);
            if (names.TryGetValue(module, out var name) && seen.Add(module))
            {
                var shapes = TensorsIn(output).Select(t => t.Shape).ToArray();
                rows.Add(new SummaryRow(name, Header(module), shapes.FirstOrDefault(), module.ParameterCount) { OutputShapes = shapes });
            }
        };
        try
        {
            InEvaluation(model, () => model.Call(example));
        }
        finally
        {
            ModuleBase.CallObserver = previous;
        }

        var inputShape = TensorsIn(example).FirstOrDefault()?.Shape ?? default;
        return new Summary(rows, inputShape, model.ParameterCount, model.TrainableParameterCount, trainingExamples);
    }

    /// <summary>The table, the totals and the rule-of-thumb verdict as plain text.</summary>
    public override string ToString()
    {
        string[] headers = ["Layer", "Type", "Output shape", "Param #"];
        var cells = Rows.Select(r => new[] { r.Name, r.Layer, string.Join(", ", r.OutputShapes), Module.FormatCount(r.Parameters) }).ToList();
        var widths = headers.Select((h, i) => cells.Select(c => c[i].Length).Append(h.Length).Max()).ToArray();
        var line = new string('-', widths.Sum() + (3 * (widths.Length - 1)));
        string Format(string[] c) => string.Join("   ", c.Select((s, i) => i == c.Length - 1 ? s.PadLeft(widths[i]) : s.PadRight(widths[i]))).TrimEnd();

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Input shape: {InputShape}");
        sb.AppendLine(line).AppendLine(Format(headers)).AppendLine(line.Replace('-', '='));
        foreach (var c in cells)
        {
            sb.AppendLine(Format(c));
        }

        sb.AppendLine(line);
        foreach (var r in Rows)
        {
            if (r.DenseParameters is { } dense && r.DenseShapes is var (from, to))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"Parameter sharing: {r.Name} has {Module.FormatCount(r.Parameters)} parameters; a dense layer from {from} to {to} would have {Module.FormatCount(dense)}.");
            }
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"Total parameters: {Module.FormatCount(TotalParameters)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Trainable parameters: {Module.FormatCount(TrainableParameters)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Non-trainable parameters: {Module.FormatCount(TotalParameters - TrainableParameters)}");
        if (TrainingExamples is { } n)
        {
            sb.AppendLine(RuleOfThumb(n, TrainableParameters));
        }

        return sb.ToString().TrimEnd();
    }

    private static string RuleOfThumb(long examples, long parameters)
    {
        if (parameters == 0)
        {
            return $"Training examples: {Module.FormatCount(examples)}; the model has no trainable parameters.";
        }

        var perParameter = (double)examples / parameters;
        var low = parameters * MinExamplesPerParameter;
        var high = parameters * MaxExamplesPerParameter;
        var verdict = perParameter < MinExamplesPerParameter
            ? "below the rule of thumb: expect overfitting; use fewer parameters, more data, dropout or L2 regularisation"
            : perParameter <= MaxExamplesPerParameter
                ? "within the rule of thumb"
                : "above the rule of thumb: there is data enough for a larger model";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Training examples: {Module.FormatCount(examples)} = {perParameter:0.##} per trainable parameter. Rule of thumb: {MinExamplesPerParameter} to {MaxExamplesPerParameter} per parameter, i.e. {Module.FormatCount(low)} to {Module.FormatCount(high)} examples; the model is {verdict}.");
    }

    private static Tensor Run(Module module, string name, Tensor input, List<SummaryRow> rows)
    {
        // Sequential containers are opened so that every layer gets a row; any other module is one row.
        if (module is Sequential)
        {
            foreach (var (childName, child) in module.NamedChildren())
            {
                input = Run((Module)child, name.Length == 0 ? childName : $"{name}.{childName}", input, rows);
            }

            return input;
        }

        var output = module.Call(input);
        var row = new SummaryRow(name.Length == 0 ? module.TypeName : name, Header(module), output.Shape, module.ParameterCount);
        rows.Add(module switch
        {
            Conv1d c => WithDense(row, input, output, 2, c.Config.Bias),
            Conv2d c => WithDense(row, input, output, 3, c.Config.Bias),
            _ => row,
        });
        return output;
    }

    // The dense layer with a convolution's per-example input and output sizes: in x out weights, plus out biases.
    private static SummaryRow WithDense(SummaryRow row, Tensor input, Tensor output, int exampleRank, bool bias)
    {
        var from = new Shape(input.Shape.Dims[^exampleRank..]);
        var to = new Shape(output.Shape.Dims[^exampleRank..]);
        long inputs = from.Dims.Aggregate(1L, (a, d) => a * d), outputs = to.Dims.Aggregate(1L, (a, d) => a * d);
        return row with { DenseParameters = (inputs * outputs) + (bias ? outputs : 0), DenseShapes = (from, to) };
    }

    /// <summary>Runs <paramref name="run"/> with the model in evaluation mode and without gradients, then restores every module's mode.</summary>
    private static void InEvaluation(ModuleBase model, Action run)
    {
        var modes = model.NamedModules().Select(m => (m.Value, m.Value.IsTraining)).ToList();
        try
        {
            // Evaluation mode: dropout must not draw random numbers and batch norm must not update its running statistics.
            model.Eval();
            using (GradMode.NoGrad())
            {
                run();
            }
        }
        finally
        {
            foreach (var (module, training) in modes)
            {
                module.Train(training);
            }
        }
    }

    /// <summary>The tensors in a module's input or output: a tensor, or the tensors among a tuple's items (nested tuples included).</summary>
    private static IEnumerable<Tensor> TensorsIn(object? value) => value switch
    {
        Tensor t => [t],
        System.Runtime.CompilerServices.ITuple tuple => Enumerable.Range(0, tuple.Length).SelectMany(i => TensorsIn(tuple[i])),
        _ => [],
    };

    private static string Header(ModuleBase module)
    {
        var text = module.ToString();
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : $"{module.TypeName}(...)";
    }
}
