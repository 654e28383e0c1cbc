using System.CommandLine;
using System.Globalization;
using NeuralSharp.Autograd;
using NeuralSharp.Cli.Setup;
using NeuralSharp.Nn;
using Spectre.Console;

namespace NeuralSharp.Cli.Commands;

/// <summary><c>neuralsharp predict MODEL IMAGE.png | --index N</c>: the three most likely classes.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model file written by 'neuralsharp train'" };
        var image = new Argument<string?>("image") { Description = "A picture of a digit (PNG or JPEG, any size or colour)", Arity = ArgumentArity.ZeroOrOne };
        var index = new Option<int?>("--index") { Description = "Classify test example N of the model's data set instead of an image" };
        var data = new Option<string?>("--data") { Description = "Cache folder for downloaded data sets" };
        var dataset = new Option<string?>("--dataset") { Description = "With --index: mnist, fashion-mnist or csv:PATH (default: the one the model was trained on, when it is built in)" };
        var trust = new Option<bool>(SavedModel.TrustOption) { Description = "Read the CSV file the model file records (only for a model file you trust)" };
        var command = new Command("predict", "Classify one image with a saved model and print the top 3 classes") { model, image, index, data, dataset, trust };
        command.SetAction(async (parse, cancel) =>
        {
            var saved = SavedModel.Load(parse.GetValue(model)!);
            var path = parse.GetValue(image);
            var n = parse.GetValue(index);
            if ((path is null) == (n is null))
            {
                throw new ArgumentException("give either an image file or --index N, not both or neither");
            }

            float[] pixels;
            string? truth = null;
            IReadOnlyList<string>? names = saved.ClassNames;
            if (n is { } i)
            {
                var source = await DataSource.LoadAsync(saved.DatasetOrAsk(parse.GetValue(dataset), parse.GetValue(trust)), parse.GetValue(data), saved.Size, quiet: true, cancel);
                if (i < 0 || i >= source.Test.Count)
                {
                    throw new ArgumentOutOfRangeException(nameof(index), $"--index {i}: the test set has examples 0 to {source.Test.Count - 1}");
                }

                pixels = source.Test.GetImage(i).ToArray();
                names = source.ClassNames;
                truth = names[source.Test.Labels[i]];
            }
            else
            {
                pixels = ImageInput.Load(path!, saved.Size);
            }

            Tensor probabilities;
            using (GradMode.NoGrad())
            {
                saved.Model.Eval();
                probabilities = saved.Probabilities(saved.Model.Forward(saved.Batch(pixels)));
            }

            var p = probabilities.ToArray();
            var table = new Table().RoundedBorder().AddColumn("rank").AddColumn("class").AddColumn(new TableColumn("probability").RightAligned());
            foreach (var (c, rank) in Enumerable.Range(0, p.Length).OrderByDescending(c => p[c]).Take(3).Select((c, r) => (c, r + 1)))
            {
                var name = names is not null && c < names.Count ? names[c] : c.ToString(CultureInfo.InvariantCulture);
                table.AddRow(rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(name), (100 * p[c]).ToString("F2", CultureInfo.InvariantCulture) + "%");
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
}
