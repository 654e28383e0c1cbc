using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Models;

/// <summary>
/// <c>--model PATH.json</c>: the network of an architecture file, in the form model files carry it
/// (<see cref="Model.ArchitectureJson"/>: each layer's type, its config and its named children), so that any network
/// the library can save can be trained from the command line. Its layers are initialised from <c>--seed</c> as the
/// same network built in code would be. The file is read and checked when the option is; whether the network takes
/// the data's rows and gives one output per class is checked once the data is loaded, by running it on one example.
/// </summary>
internal sealed class ArchitectureFileRecipe : IModelRecipe
{
    /// <summary>The largest architecture file read (real ones are a few kilobytes).</summary>
    public const long MaxBytes = 1 << 20;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _json;

    /// <summary>Reads the file and checks that it describes a network this library builds; throws naming the file otherwise.</summary>
    public ArchitectureFileRecipe(string path)
    {
        Name = path;
        if (!File.Exists(path))
        {
            throw new ArgumentException(Directory.Exists(path) ? $"--model {path}: is a folder, not an architecture file" : $"--model {path}: no such file (use one of {ModelCatalog.Names}, or the path of an architecture .json file)");
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new ArgumentException($"--model {path}: the file is larger than {MaxBytes:N0} bytes, more than an architecture takes");
        }

        _json = File.ReadAllText(path);
        _ = BuildFrom(null);
    }

    /// <summary>Whether <c>--model</c>'s value names an architecture file rather than a recipe.</summary>
    public static bool IsPath(string model) => model.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file's path.</summary>
    public string Name { get; }

    public string Description => "the network of an architecture file (docs/models.md)";

    /// <summary>The architecture of <paramref name="module"/> as an architecture file holds it: <see cref="Model.ArchitectureJson"/>, indented.</summary>
    public static string Text(ModuleBase module) => JsonNode.Parse(Model.ArchitectureJson(module))!.ToJsonString(Indented) + "\n";

    public BuiltModel Build(ModelRequest r)
    {
        var net = BuildFrom(r.Generator);
        Shape output;
        try
        {
            var summary = Summary.Create(net, [1, r.Inputs]);
            output = summary.Rows.Count > 0 ? summary.Rows[^1].OutputShape : summary.InputShape;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            var rows = r.Rows > 1 ? $"{r.Rows}x{r.Cols} images, given as flat rows of {r.Inputs} values (an Unflatten layer first makes images of them)" : $"rows of {r.Inputs} values";
            throw new ArgumentException($"--model {Name}: the network does not take the data's {rows}: {e.Message}", e);
        }

        if (output.Rank != 2 || output[1] != r.Classes)
        {
            var wanted = r.Classes == 1 ? "one output (a regression target)" : $"{r.Classes} outputs, one per class";
            throw new ArgumentException($"--model {Name}: the network's output for one example has shape {output}, but the data needs {wanted}, shape [1, {r.Classes}]");
        }

        var layers = net.NamedModules().Count(m => !m.Value.NamedChildren().Any());
        return new BuiltModel(net, $"network of {Path.GetFileName(Name)} ({layers} layers)");
    }

    private Module BuildFrom(Generator? generator)
    {
        ModuleBase built;
        try
        {
            built = generator is null ? Model.FromArchitecture(_json) : Model.FromArchitecture(_json, generator);
        }
        catch (ModelFormatException e)
        {
            throw new ArgumentException($"--model {Name}: {e.Message}", e);
        }

        return built as Module ?? throw new ArgumentException($"--model {Name}: the network is a {built.TypeName}, which does not take and return one tensor");
    }
}
