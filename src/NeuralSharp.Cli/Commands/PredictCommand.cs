using System.CommandLine;
using System.Globalization;
using System.Text;
using NeuralSharp.Autograd;
using NeuralSharp.Cli.Setup;
using NeuralSharp.Data;
using NeuralSharp.IO;
using NeuralSharp.Nn;
using NeuralSharp.Training;
using Spectre.Console;

namespace NeuralSharp.Cli.Commands;

/// <summary><c>neuralsharp predict MODEL IMAGE.png | --index N | --csv FILE</c>: the three most likely classes, or predictions for every row of a table.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model file written by 'neuralsharp train'" };
        var image = new Argument<string?>("image") { Description = "A picture of a digit (PNG or JPEG, any size or colour)", Arity = ArgumentArity.ZeroOrOne };
        var index = new Option<int?>("--index") { Description = "Predict test example N of the model's data set instead of an image" };
        var csvFile = new Option<string?>("--csv") { Description = "Predict every row of a CSV file (the model's feature columns, with or without the label column) and write the predictions as CSV" };
        var outFile = new Option<string?>("--out") { Description = "With --csv: the file for the predictions (default: the console)" };
        var data = new Option<string?>("--data") { Description = "Cache folder for downloaded data sets" };
        var dataset = new Option<string?>("--dataset") { Description = "With --index: mnist, fashion-mnist or csv:PATH (default: the one the model was trained on, when it is built in)" };
        var trust = new Option<bool>(SavedModel.TrustOption) { Description = "Read the CSV file the model file records (only for a model file you trust)" };
        var csv = new CsvFormatOptions();
        var command = new Command("predict", "Predict with a saved model: the top 3 classes of one image or example, or a CSV file of predictions for a table's rows")
        {
            model, image, index, csvFile, outFile, data, dataset, trust,
        };
        foreach (var option in csv.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancel) =>
        {
            var saved = SavedModel.Load(parse.GetValue(model)!);
            var path = parse.GetValue(image);
            var n = parse.GetValue(index);
            var rowsFile = parse.GetValue(csvFile);
            if (new object?[] { path, n, rowsFile }.Count(x => x is not null) != 1)
            {
                throw new ArgumentException("give one of an image file, --index N or --csv FILE");
            }

            if (rowsFile is not null)
            {
                PredictRows(saved, rowsFile, parse.GetValue(outFile), csv.Build(parse, saved.Csv), parse.InvocationConfiguration.Output);
                return 0;
            }

            if (parse.GetValue(outFile) is not null)
            {
                throw new ArgumentException("--out is for --csv FILE");
            }

            float[] pixels;
            string? truth = null;
            IReadOnlyList<string>? names = saved.ClassNames;
            if (n is { } i)
            {
                var source = await EvalCommand.LoadTestData(saved, parse, dataset, null, data, trust, csv, cancel);
                if (i < 0 || i >= source.Test.Count)
                {
                    throw new ArgumentOutOfRangeException(nameof(index), $"--index {i}: the test set has examples 0 to {source.Test.Count - 1}");
                }

                pixels = source.Test.Row(i);
                if (saved.Regression)
                {
                    truth = source.Test.Values![i].ToString("G6", CultureInfo.InvariantCulture);
                }
                else
                {
                    names = source.ClassNames;
                    truth = names[source.Test.Labels![i]];
                }
            }
            else
            {
                pixels = ImageInput.Load(path!, saved.Size);
            }

            Tensor output;
            using (GradMode.NoGrad())
            {
                saved.Model.Eval();
                output = saved.Model.Forward(saved.Batch(pixels));
            }

            if (saved.Regression)
            {
                var value = output.ToArray()[0];
                value = saved.TargetScaling?.Invert(value) ?? value;
                AnsiConsole.MarkupLine($"predicted: [bold]{value.ToString("G6", CultureInfo.InvariantCulture)}[/]");
                if (truth is not null)
                {
                    AnsiConsole.MarkupLine($"true value: [bold]{truth}[/]");
                }

                return 0;
            }

            var p = saved.Probabilities(output).ToArray();
            var table = new Table().RoundedBorder().AddColumn("rank").AddColumn("class").AddColumn(new TableColumn("probability").RightAligned());
            foreach (var (c, rank) in Enumerable.Range(0, p.Length).OrderByDescending(c => p[c]).Take(3).Select((c, r) => (c, r + 1)))
            {
                table.AddRow(rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(ClassName(names, c)), (100 * p[c]).ToString("F2", CultureInfo.InvariantCulture) + "%");
            }

            AnsiConsole.Write(table);
            if (truth is not null)
            {
                AnsiConsole.MarkupLine($"true class: [bold]{Markup.Escape(truth)}[/]");
            }

            return 0;
        });
        return command;
    }

    private static string ClassName(IReadOnlyList<string>? names, int c) =>
        names is not null && c < names.Count ? names[c] : c.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Scores every row of <paramref name="file"/> in batches and writes one CSV line per row: its line in the file, then the
    /// predicted class and each class's probability, or the predicted value. A file with one column more than the model's inputs
    /// has its label column (found as in training) left out.
    /// </summary>
    private static void PredictRows(SavedModel saved, string file, string? outFile, CsvOptions format, TextWriter console)
    {
        var inputs = saved.InputShape.Aggregate(1L, (n, d) => n * d);
        CsvDataset table;
        try
        {
            table = CsvDataset.Load(file, format with { HasLabel = false });
            if (table.FeatureCount == inputs + 1)
            {
                table = CsvDataset.Load(file, format);
            }
        }
        catch (InvalidDataException first)
        {
            // A label column of class names is no number: read the file again with its label column set aside.
            try
            {
                table = CsvDataset.Load(file, format);
            }
            catch (InvalidDataException)
            {
                throw new InvalidDataException(first.Message, first);
            }

            if (table.FeatureCount != inputs)
            {
                throw;
            }
        }

        if (table.FeatureCount != inputs)
        {
            throw new InvalidDataException($"--csv {file}: it has {table.FeatureCount} columns, the model takes {inputs} inputs (give the feature columns, with or without the label column)");
        }

        var rows = saved.InputScaling is null ? table.Features : saved.InputScaling.Apply(table.Features, (int)inputs);
        var x = Tensor.FromArray(rows, [table.Count, .. saved.InputShape]);
        var text = new StringBuilder();
        var names = saved.ClassNames;
        if (saved.Regression)
        {
            text.Append("line,predicted\n");
            var values = Predictions.Values(saved.Model, x, saved.TargetScaling);
            for (var i = 0; i < values.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{table.LineOf(i)},{values[i].ToString("R", CultureInfo.InvariantCulture)}\n");
            }
        }
        else
        {
            var p = saved.Probabilities(Trainer.Predict(saved.Model, x));
            var classes = p.Shape[1];
            var probabilities = p.ToArray();
            text.Append("line,predicted");
            for (var c = 0; c < classes; c++)
            {
                text.Append(",p_").Append(Quote(ClassName(names, c)));
            }

            text.Append('\n');
            for (var i = 0; i < table.Count; i++)
            {
                var row = probabilities.AsSpan(i * classes, classes);
                var best = 0;
                for (var c = 1; c < classes; c++)
                {
                    best = row[c] > row[best] ? c : best;
                }

                text.Append(table.LineOf(i).ToString(CultureInfo.InvariantCulture)).Append(',').Append(Quote(ClassName(names, best)));
                foreach (var v in row)
                {
                    text.Append(',').Append(v.ToString("F6", CultureInfo.InvariantCulture));
                }

                text.Append('\n');
            }
        }

        if (outFile is null)
        {
            console.Write(text.ToString());
            return;
        }

        AtomicFile.Write(outFile, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text.ToString());
        });
        AnsiConsole.MarkupLine($"wrote predictions for {table.Count:N0} rows to [blue]{Markup.Escape(outFile)}[/]");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
