using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using NeuralSharp.Nn;

namespace NeuralSharp.IO;

/// <summary>
/// Builds a layer from its saved settings and its already rebuilt children (name, module), for
/// <see cref="Model.Load(string)"/>. Layers with a config record (<see cref="IConfigurable{TSelf, TConfig}"/>)
/// need none; register one for any other layer type with <see cref="Model.RegisterLayer(string, LayerFactory)"/>.
/// </summary>
public delegate ModuleBase LayerFactory(ModuleConfig config, IReadOnlyList<KeyValuePair<string, ModuleBase>> children);

/// <summary>
/// Model files: a module's <see cref="ModuleBase.StateDict"/> written as safetensors (F32 or F64 by element type,
/// PyTorch's dotted tensor names, so <c>safetensors.torch.load_file</c> reads it) with the architecture as JSON
/// in the header's <c>__metadata__</c>, so that <see cref="Load(string)"/> can rebuild the network without its code.
/// </summary>
/// <remarks>
/// <para>Every layer of this library is rebuilt by type name: layers with a config record
/// (<see cref="IConfigurable{TSelf, TConfig}"/>), containers (<see cref="IComposite{TSelf}"/>) and layers without
/// settings (a public parameterless constructor) are found by reflection. Layers of other assemblies are made
/// loadable with <see cref="RegisterLayer{TLayer}"/> (same kinds) or <see cref="RegisterLayer(string, LayerFactory)"/>.</para>
/// <para>Format version 2 adds the input shape the network was built for (<see cref="Module.InputShape"/>,
/// under <see cref="InputShapeKey"/>); files of version 1 load as before, with an unknown input shape.</para>
/// </remarks>
/// <example>
/// <code>
/// Model.Save(net, "mnist.safetensors", new Dictionary&lt;string, string&gt; { ["epochs"] = "30" });
/// var same = Model.Load("mnist.safetensors");            // architecture and weights
/// Model.LoadWeights(otherNet, "mnist.safetensors");        // weights only, into an existing network
/// </code>
/// </example>
public static class Model
{
    /// <summary>The metadata key holding the architecture JSON.</summary>
    public const string ArchitectureKey = "neuralsharp.architecture";

    /// <summary>The metadata key holding the file layout version ("2"; files of version "1" are read too).</summary>
    public const string FormatVersionKey = "neuralsharp.format_version";

    /// <summary>The layout version that <see cref="Save"/> writes.</summary>
    public const string FormatVersion = "2";

    /// <summary>The metadata key holding the shape of one input example as a JSON list (<c>[784]</c>, <c>[1,28,28]</c>), when known.</summary>
    public const string InputShapeKey = "neuralsharp.input_shape";

    /// <summary>The most elements an input shape read from a file may describe (16 Mi), so that a summary of a hostile file cannot exhaust memory.</summary>
    public const int MaxInputElements = 1 << 24;

    /// <summary>The metadata key holding whether the network was in training mode ("true" or "false").</summary>
    public const string TrainingKey = "neuralsharp.training";

    // Each module level nests three JSON levels (node, children object, child node); 96 allows networks
    // nested about 30 modules deep while keeping recursion on hostile input shallow.
    private const int MaxJsonDepth = (3 * MaxNestingDepth) + 8;

    private static readonly ConcurrentDictionary<string, LayerFactory> Factories = CreateBuiltInFactories();

    /// <summary>
    /// Registers (or replaces) the factory that <see cref="Load(string)"/> uses for layers whose
    /// <see cref="ModuleBase.TypeName"/> is <paramref name="typeName"/>: how user-defined layers without a config
    /// record become loadable (they write their settings by overriding <c>WriteConfig</c>).
    /// </summary>
    public static void RegisterLayer(string typeName, LayerFactory factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(factory);
        Factories[typeName] = factory;
    }

    /// <summary>
    /// Makes a user-defined layer loadable under its class name (which must be its <see cref="ModuleBase.TypeName"/>,
    /// as it is by default): one with a config record
    /// (<see cref="IConfigurable{TSelf, TConfig}"/>), a container (<see cref="IComposite{TSelf}"/>) or one without
    /// settings (a public parameterless constructor). The library's own layers need no registration.
    /// </summary>
    /// <exception cref="ArgumentException">The type is none of these kinds.</exception>
    public static void RegisterLayer<TLayer>()
        where TLayer : ModuleBase
    {
        Factories[typeof(TLayer).Name] = FactoryOf(typeof(TLayer))
            ?? throw new ArgumentException($"{typeof(TLayer).Name} has no config record, is no container and has no parameterless constructor; register a LayerFactory instead");
    }

    /// <summary>Whether <see cref="Load(string)"/> knows how to rebuild layers of type <paramref name="typeName"/>.</summary>
    public static bool IsRegistered(string typeName) => Factories.ContainsKey(typeName);

    /// <summary>Writes the module's parameters, buffers and architecture to a safetensors file, atomically.</summary>
    /// <param name="module">The network.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="metadata">Optional strings stored alongside (keys starting with "neuralsharp." are reserved).</param>
    /// <param name="optimizer">
    /// When given, the optimiser's state (moments, step counts, hyper-parameters) is stored in the same file
    /// under names starting with "optimizer.", so that <see cref="LoadOptimizerState"/> can resume training exactly.
    /// </param>
    /// <remarks>A single-tensor network's <see cref="Module.InputShape"/>, when set, is recorded under <see cref="InputShapeKey"/>.</remarks>
    public static void Save(ModuleBase module, string path, IReadOnlyDictionary<string, string>? metadata = null, Optim.Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            if (key.StartsWith("neuralsharp.", StringComparison.Ordinal) || key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"metadata key '{key}' is reserved", nameof(metadata));
            }

            all[key] = value;
        }

        all[ArchitectureKey] = ArchitectureJson(module);
        all[FormatVersionKey] = FormatVersion;
        if (module is Module { InputShape: { } inputShape })
        {
            all[InputShapeKey] = $"[{string.Join(",", inputShape)}]";
        }

        all[TrainingKey] = module.IsTraining ? "true" : "false";
        var entries = module.StateDict().Select(p => ToEntry(p.Key, p.Value)).ToList();
        if (optimizer is not null)
        {
            var state = optimizer.StateDict();
            entries.AddRange(state.Tensors.Select(p => ToEntry(OptimizerPrefix + p.Key, p.Value)));
            foreach (var (key, value) in state.Metadata)
            {
                all[OptimizerPrefix + key] = value;
            }
        }

        SafeTensorsFile.Write(path, entries, all);
    }

    /// <summary>The prefix of the tensor names and metadata keys that hold an optimiser's state in a model file.</summary>
    public const string OptimizerPrefix = "optimizer.";

    /// <summary>
    /// Restores into <paramref name="optimizer"/> (built over the loaded model's parameters, in the same order)
    /// the state saved with the model by <see cref="Save"/>.
    /// </summary>
    /// <exception cref="ModelFormatException">The file holds no optimiser state, or a state that does not fit this optimiser.</exception>
    public static void LoadOptimizerState(string path, Optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var content = SafeTensorsFile.Read(path);
        var tensors = ToTensors(content, path)
            .Where(p => p.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            .ToDictionary(p => p.Key[OptimizerPrefix.Length..], p => p.Value, StringComparer.Ordinal);
        var metadata = content.Metadata
            .Where(p => p.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            .ToDictionary(p => p.Key[OptimizerPrefix.Length..], p => p.Value, StringComparer.Ordinal);
        if (metadata.Count == 0)
        {
            throw new ModelFormatException("the file holds no optimizer state (save it with Model.Save(model, path, optimizer: ...))", path, null);
        }

        try
        {
            optimizer.LoadStateDict(new Optim.OptimizerState(tensors, metadata));
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"the optimizer state does not fit: {e.Message}", path, e);
        }
    }

    /// <summary>Rebuilds a whole single-tensor network (architecture, weights, training mode, input shape) from a file written by <see cref="Save"/>.</summary>
    /// <exception cref="ModelFormatException">The file is malformed, has no architecture, names a layer type with no registered factory, or its tensors do not fit the architecture.</exception>
    public static Module Load(string path) => Load<Module>(path);

    /// <summary>Rebuilds a whole network of any kind, such as a <see cref="Module{TIn, TOut}"/>, from a file written by <see cref="Save"/>.</summary>
    /// <typeparam name="TModule">The type the file's root module must have.</typeparam>
    /// <exception cref="ModelFormatException">As for <see cref="Load(string)"/>, or the root module is not a <typeparamref name="TModule"/>.</exception>
    public static TModule Load<TModule>(string path)
        where TModule : ModuleBase => Load<TModule>(path, out _);

    /// <summary>
    /// Rebuilds a whole network from a file written by <see cref="Save"/> and returns the file's metadata too, reading
    /// the file once.
    /// </summary>
    /// <typeparam name="TModule">The type the file's root module must have.</typeparam>
    /// <param name="path">The file; it must be a regular file.</param>
    /// <param name="metadata">The header's string metadata (architecture, format version and the caller's own keys).</param>
    /// <remarks>
    /// The file is untrusted input (see docs/security.md): the header is read and checked first (at most
    /// <see cref="SafeTensorsFile.MaxHeaderSize"/> bytes and <see cref="SafeTensorsFile.MaxTensorCount"/> tensors), every
    /// tensor's dtype is checked, the architecture is built within <see cref="MaxModules"/> modules, <see cref="MaxNestingDepth"/>
    /// levels and the element count of the file's loadable tensors, its tensor names and shapes are compared with the
    /// file's, and only then is tensor data read, one tensor at a time. Weights holding NaN or infinity are refused.
    /// </remarks>
    /// <exception cref="ModelFormatException">As for <see cref="Load(string)"/>, or the root module is not a <typeparamref name="TModule"/>.</exception>
    public static TModule Load<TModule>(string path, out IReadOnlyDictionary<string, string> metadata)
        where TModule : ModuleBase
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = RegularFile.OpenRead(path);
        return Load<TModule>(stream, path, out metadata);
    }

    /// <summary>
    /// Rebuilds a whole single-tensor network from the bytes of a file written by <see cref="Save"/>, for places without a
    /// file system (a web page that fetched the model, an embedded resource); the same checks as <see cref="Load(string)"/>.
    /// </summary>
    /// <param name="stream">The file's bytes; it must be seekable (copy a network stream into a <see cref="MemoryStream"/> first). It is not closed.</param>
    /// <param name="sourceName">What error messages call the stream, e.g. the URL it came from.</param>
    /// <exception cref="ModelFormatException">As for <see cref="Load(string)"/>.</exception>
    /// <exception cref="ArgumentException">The stream cannot seek.</exception>
    public static Module Load(Stream stream, string sourceName = "stream") => Load<Module>(stream, sourceName, out _);

    /// <summary>Rebuilds a whole network of any kind from the bytes of a file written by <see cref="Save"/>, and returns the file's metadata too.</summary>
    /// <inheritdoc cref="Load(Stream, string)"/>
    /// <typeparam name="TModule">The type the file's root module must have.</typeparam>
    /// <param name="stream">The file's bytes; it must be seekable. It is not closed.</param>
    /// <param name="sourceName">What error messages call the stream.</param>
    /// <param name="metadata">The header's string metadata.</param>
    public static TModule Load<TModule>(Stream stream, string sourceName, out IReadOnlyDictionary<string, string> metadata)
        where TModule : ModuleBase
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (!stream.CanSeek)
        {
            throw new ArgumentException($"model {sourceName}: the stream must be seekable (copy it into a MemoryStream first)", nameof(stream));
        }

        var path = sourceName;
        var header = SafeTensorsReader.ReadHeader(stream, path);
        var meta = header.Metadata ?? new Dictionary<string, string>(StringComparer.Ordinal);
        metadata = meta;
        if (!meta.TryGetValue(ArchitectureKey, out var json))
        {
            throw new ModelFormatException("the file holds no architecture (only weights?); build the network in code and use Model.LoadWeights", path, null);
        }

        if (meta.TryGetValue(FormatVersionKey, out var version) && version is not ("1" or FormatVersion))
        {
            throw new ModelFormatException($"format version '{Truncate(version)}' is not supported (this library reads versions 1 and {FormatVersion})", path, null);
        }

        var fileTensors = header.Tensors.Where(t => !t.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)).ToArray();
        CheckDTypes(fileTensors, path);

        // Only the file's loadable tensors bound what the architecture may allocate: a forged "in_features": 1e9, or a
        // huge tensor of a dtype that can never load, fails here, before the allocator is asked for anything.
        var built = FromArchitecture(json, fileTensors.Sum(e => e.ElementCount), path, fileTensors.Select(e => e.ElementCount));
        if (built is not TModule module)
        {
            throw new ModelFormatException($"the file holds a {Truncate(built.TypeName)}, not a {typeof(TModule).Name}", path, null);
        }

        if (meta.TryGetValue(InputShapeKey, out var inputShape))
        {
            var shape = ParseInputShape(inputShape, path);
            if (module is Module single)
            {
                single.InputShape = shape;
            }
        }

        CheckAgainst(module, fileTensors, strict: true, path);
        var tensors = ReadTensors(stream, header, fileTensors, path);
        if (tensors.Count > 0 && tensors.Values.All(t => t.DType == DType.Float64))
        {
            module.To(DType.Float64);
        }

        Apply(module, tensors, strict: true, path);
        if (meta.TryGetValue(TrainingKey, out var training))
        {
            module.Train(training switch
            {
                "true" => true,
                "false" => false,
                _ => throw new ModelFormatException($"metadata {TrainingKey} must be \"true\" or \"false\"", path, null),
            });
        }

        return module;
    }

    /// <summary>The most modules an architecture read from a file may declare (16,384; large real networks have a few thousand).</summary>
    public const int MaxModules = 1 << 14;

    /// <summary>The deepest module nesting an architecture read from a file may declare (32 levels below the root).</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>
    /// Loads the tensors of a safetensors file (written by <see cref="Save"/> or by PyTorch) into an existing
    /// module by name, converting element types; integer tensors such as PyTorch's num_batches_tracked are accepted.
    /// </summary>
    /// <param name="module">The network to fill.</param>
    /// <param name="path">The file.</param>
    /// <param name="strict">When true every name must match both ways; shapes must always match.</param>
    /// <remarks>Names, dtypes and shapes are checked before any tensor data is read, and only the tensors the module has are read.</remarks>
    /// <exception cref="ModelFormatException">The file is malformed, its names or shapes differ from the module's (counted, the first few named), or a weight holds NaN or infinity.</exception>
    public static LoadStateDictResult LoadWeights(ModuleBase module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = RegularFile.OpenRead(path);
        var header = SafeTensorsReader.ReadHeader(stream, path);
        var names = module.StateDict().Keys.ToHashSet(StringComparer.Ordinal);
        var fileTensors = header.Tensors.Where(t => !t.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)).ToArray();
        CheckAgainst(module, fileTensors, strict, path);
        var used = fileTensors.Where(t => names.Contains(t.Name)).ToArray();
        CheckDTypes(used, path);
        var tensors = ReadTensors(stream, header, used, path);
        var result = Apply(module, tensors, strict, path);
        return strict || used.Length == fileTensors.Length
            ? result
            : result with { UnexpectedKeys = [.. result.UnexpectedKeys, .. fileTensors.Where(t => !names.Contains(t.Name)).Select(t => t.Name)] };
    }

    private static void CheckDTypes(IEnumerable<SafeTensorsReader.TensorInfo> tensors, string path)
    {
        foreach (var t in tensors)
        {
            if (t.DType is not (SafeTensorsDType.Float32 or SafeTensorsDType.Float64 or SafeTensorsDType.Int64 or SafeTensorsDType.Int32))
            {
                throw new ModelFormatException($"tensor '{Truncate(t.Name)}' has dtype {t.DType}; only F32, F64, I32 and I64 can be loaded", path, null);
            }

            if (t.Shape.Any(d => d > Array.MaxLength))
            {
                throw new ModelFormatException($"tensor '{Truncate(t.Name)}' has a dimension too large for this library", path, null);
            }
        }
    }

    /// <summary>Compares the file's tensor names and shapes with the module's before any data is read; the message counts differences and names the first few.</summary>
    private static void CheckAgainst(ModuleBase module, IReadOnlyList<SafeTensorsReader.TensorInfo> fileTensors, bool strict, string path)
    {
        var expected = module.StateDict();
        var inFile = fileTensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var missing = expected.Keys.Where(k => !inFile.ContainsKey(k)).ToList();
        var unexpected = fileTensors.Where(t => !expected.ContainsKey(t.Name)).Select(t => t.Name).ToList();
        var wrongShape = new List<string>();
        foreach (var (name, tensor) in expected)
        {
            if (inFile.TryGetValue(name, out var t) && !t.Shape.SequenceEqual(tensor.Shape.Select(d => (long)d)))
            {
                wrongShape.Add($"size mismatch for {Truncate(name)}: [{string.Join(", ", t.Shape.Take(8))}{(t.Shape.Length > 8 ? ", ..." : "")}] in the file, {tensor.Shape} in the network");
            }
        }

        var problems = new List<string>();
        if (strict && missing.Count > 0)
        {
            problems.Add($"{missing.Count} tensor(s) missing from the file ({Few(missing)})");
        }

        if (strict && unexpected.Count > 0)
        {
            problems.Add($"{unexpected.Count} tensor(s) the network does not have ({Few(unexpected)})");
        }

        if (wrongShape.Count > 0)
        {
            problems.Add($"{wrongShape.Count} tensor(s) of the wrong shape ({string.Join("; ", wrongShape.Take(3))}{(wrongShape.Count > 3 ? "; ..." : "")})");
        }

        if (problems.Count > 0)
        {
            throw new ModelFormatException($"the tensors do not fit the network: {string.Join(", ", problems)}", path, null);
        }

        static string Few(List<string> names) =>
            string.Join(", ", names.Take(3).Select(n => $"'{Truncate(n)}'")) + (names.Count > 3 ? ", ..." : "");
    }

    private static Dictionary<string, Tensor> ReadTensors(Stream stream, SafeTensorsReader.Header header, IEnumerable<SafeTensorsReader.TensorInfo> which, string path)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var t in which)
        {
            var entry = new SafeTensorsEntry(t.Name, t.DType, t.Shape, SafeTensorsReader.ReadTensor(stream, header, t, path));
            var dims = t.Shape.Select(d => (int)d).ToArray();
            try
            {
                result.Add(t.Name, ToTensor(entry, dims, path));
            }
            catch (ArgumentException ex)
            {
                throw new ModelFormatException($"tensor '{Truncate(t.Name)}' cannot be held by this library: {ex.Message}", path, ex);
            }
        }

        return result;
    }

    /// <summary>The architecture of <paramref name="module"/> as the JSON stored in model files: type, config and named children, recursively.</summary>
    public static string ArchitectureJson(ModuleBase module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteNode(writer, module);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Builds a freshly initialised network from architecture JSON (as produced by <see cref="ArchitectureJson"/>).</summary>
    /// <param name="json">The architecture.</param>
    /// <param name="maxElements">The most parameter and buffer elements the layers may allocate in all (unlimited when null); set it for untrusted JSON.</param>
    /// <exception cref="ModelFormatException">The JSON is malformed, too deeply nested, has values of the wrong type or range, names an unknown layer type, or exceeds <paramref name="maxElements"/>.</exception>
    public static ModuleBase FromArchitecture(string json, long? maxElements = null) => FromArchitecture(json, maxElements, path: null);

    /// <summary>
    /// Builds a network from architecture JSON (as produced by <see cref="ArchitectureJson"/>) initialised for training:
    /// every layer whose constructor takes a <see cref="Generator"/> (as <c>Linear(LinearConfig, Generator?)</c> does)
    /// is built by it from <paramref name="generator"/>, in the file's order, so that its weights get the layer's default
    /// initialisation and its random draws (dropout masks) come from that seeded source, as in a network built in code.
    /// </summary>
    /// <param name="json">The architecture.</param>
    /// <param name="generator">The seeded source of the initial weights and of the layers' random draws.</param>
    /// <param name="maxElements">The most parameter and buffer elements the layers may allocate in all (unlimited when null).</param>
    /// <exception cref="ModelFormatException">As for <see cref="FromArchitecture(string, long?)"/>.</exception>
    public static ModuleBase FromArchitecture(string json, Generator generator, long? maxElements = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var previous = t_initGenerator;
        t_initGenerator = generator;
        try
        {
            return FromArchitecture(json, maxElements, path: null);
        }
        finally
        {
            t_initGenerator = previous;
        }
    }

    /// <summary>The generator that configurable layers are built from while <see cref="FromArchitecture(string, Generator, long?)"/> runs on this thread; null otherwise.</summary>
    [ThreadStatic]
    private static Generator? t_initGenerator;

    /// <summary>Reads an input shape from untrusted metadata: a JSON list of at most 16 positive integers describing at most <see cref="MaxInputElements"/> elements.</summary>
    internal static Shape ParseInputShape(string json, string? path)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() <= 16)
            {
                var dims = root.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var d) && d >= 1 ? d : -1).ToArray();
                long n = 1;
                foreach (var d in dims)
                {
                    n = d < 1 || n * d > MaxInputElements ? long.MaxValue : n * d;
                }

                if (n <= MaxInputElements)
                {
                    return new Shape(dims);
                }
            }
        }
        catch (JsonException)
        {
        }

        throw new ModelFormatException($"metadata {InputShapeKey} must be a list of at most 16 positive integers describing at most {MaxInputElements} elements, not '{Truncate(json)}'", path, null);
    }

    private static ModuleBase FromArchitecture(string json, long? maxElements, string? path, IEnumerable<long>? sizes = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ModuleBase.SetAllocationBudget(maxElements);
        ModuleBase.SetAllocationSizes(sizes);
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
            return Build(doc.RootElement, "model", path, new BuildState());
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"the architecture is not valid JSON: {e.Message}", path, e);
        }
        finally
        {
            ModuleBase.SetAllocationBudget(null);
            ModuleBase.SetAllocationSizes(null);
        }
    }

    /// <summary>How many modules have been declared so far, and how deep the current one is.</summary>
    private sealed class BuildState
    {
        public int Modules;
        public int Depth;
    }

    private static ModuleBase Build(JsonElement node, string where, string? path, BuildState state)
    {
        if (++state.Modules > MaxModules)
        {
            throw new ModelFormatException($"the architecture declares more than {MaxModules} modules, more than this library loads from a file", path, null);
        }

        if (state.Depth > MaxNestingDepth)
        {
            throw new ModelFormatException($"{Truncate(where)}: the architecture nests modules more than {MaxNestingDepth} levels deep, more than this library loads from a file", path, null);
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException($"{where}: a layer must be a JSON object, not {node.ValueKind}", path, null);
        }

        var type = node.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()!
            : throw new ModelFormatException($"{where}: the layer has no \"type\" string", path, null);
        if (!Factories.TryGetValue(type, out var factory))
        {
            throw new ModelFormatException($"{where}: unknown layer type '{Truncate(type)}'; register it with Model.RegisterLayer", path, null);
        }

        var children = new List<KeyValuePair<string, ModuleBase>>();
        if (node.TryGetProperty("children", out var ch))
        {
            if (ch.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFormatException($"{where}: \"children\" must be a JSON object", path, null);
            }

            foreach (var child in ch.EnumerateObject())
            {
                state.Depth++;
                children.Add(new(child.Name, Build(child.Value, $"{where}.{Truncate(child.Name)}", path, state)));
                state.Depth--;
            }
        }

        ModuleBase module;
        try
        {
            var config = node.TryGetProperty("config", out var c) ? ModuleConfig.FromJson(c) : new ModuleConfig();
            module = factory(config, children);
        }
        catch (Exception e) when (e is ModelFormatException or ArgumentException or InvalidOperationException or FormatException
            or OverflowException or KeyNotFoundException or IndexOutOfRangeException or NotSupportedException)
        {
            throw new ModelFormatException($"{where} ({Truncate(type)}): {e.Message}", path, e);
        }

        if (!module.NamedChildren().Select(p => p.Key).SequenceEqual(children.Select(p => p.Key)))
        {
            throw new ModelFormatException($"{where} ({Truncate(type)}): the rebuilt layer's children differ from the file's", path, null);
        }

        return module;
    }

    private static void WriteNode(Utf8JsonWriter writer, ModuleBase module)
    {
        writer.WriteStartObject();
        writer.WriteString("type", module.TypeName);
        var config = new ModuleConfig();
        module.WriteConfig(config);
        writer.WritePropertyName("config");
        config.WriteTo(writer);
        if (module.NamedChildren().Any())
        {
            writer.WriteStartObject("children");
            foreach (var (name, child) in module.NamedChildren())
            {
                writer.WritePropertyName(name);
                WriteNode(writer, child);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static LoadStateDictResult Apply(ModuleBase module, Dictionary<string, Tensor> tensors, bool strict, string path)
    {
        try
        {
            return module.LoadStateDict(tensors, strict);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"the tensors do not fit the network: {e.Message}", path, e);
        }
    }

    private static SafeTensorsEntry ToEntry(string name, Tensor t)
    {
        var shape = t.Shape.Select(d => (long)d).ToArray();
        return t.DType == DType.Float64
            ? SafeTensorsEntry.FromDoubles(name, shape, t.ToDoubleArray())
            : SafeTensorsEntry.FromSingles(name, shape, t.ToArray());
    }

    private static Dictionary<string, Tensor> ToTensors(SafeTensorsContent content, string path)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in content.Entries)
        {
            var shape = e.GetShape();
            if (shape.Any(d => d > Array.MaxLength))
            {
                throw new ModelFormatException($"tensor '{e.Name}' has a dimension too large for this library", path, null);
            }

            var dims = shape.Select(d => (int)d).ToArray();
            Tensor t;
            try
            {
                t = ToTensor(e, dims, path);
            }
            catch (ArgumentException ex)
            {
                throw new ModelFormatException($"tensor '{e.Name}' cannot be held by this library: {ex.Message}", path, ex);
            }

            result.Add(e.Name, t);
        }

        return result;
    }

    private static Tensor ToTensor(SafeTensorsEntry e, int[] dims, string path) =>
        e.DType switch
        {
            SafeTensorsDType.Float32 => FromValues(Finite(e.ToSingles(), e.Name, path), dims),
            SafeTensorsDType.Float64 => FromValues(Finite(e.ToDoubles(), e.Name, path), dims),
            SafeTensorsDType.Int64 => FromValues(Array.ConvertAll(e.ToInt64s(), v => (float)v), dims),
            SafeTensorsDType.Int32 => FromValues(Array.ConvertAll(e.ToInt32s(), v => (float)v), dims),
            _ => throw new ModelFormatException($"tensor '{e.Name}' has dtype {e.DType}; only F32, F64, I32 and I64 can be loaded", path, null),
        };

    private static float[] Finite(float[] values, string name, string path)
    {
        var bad = Array.FindIndex(values, v => !float.IsFinite(v));
        return bad < 0 ? values : throw NonFinite(name, bad, values[bad], values.Count(v => !float.IsFinite(v)), path);
    }

    private static double[] Finite(double[] values, string name, string path)
    {
        var bad = Array.FindIndex(values, v => !double.IsFinite(v));
        return bad < 0 ? values : throw NonFinite(name, bad, values[bad], values.Count(v => !double.IsFinite(v)), path);
    }

    private static ModelFormatException NonFinite(string name, int index, double value, int count, string path) =>
        new($"tensor '{Truncate(name)}' holds {count} non-finite value(s) (element {index} is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}); the weights are corrupt or training diverged", path, null);

    private static Tensor FromValues(float[] values, int[] dims) =>
        dims.Length == 0 ? Tensor.FromArray(values, 1).Reshape([]) : Tensor.FromArray(values, dims);

    private static Tensor FromValues(double[] values, int[] dims) =>
        dims.Length == 0 ? Tensor.FromArray(values, 1).Reshape([]) : Tensor.FromArray(values, dims);

    private static string Truncate(string s) => s.Length <= 64 ? s : string.Concat(s.AsSpan(0, 64), "...");

    private static ConcurrentDictionary<string, LayerFactory> CreateBuiltInFactories()
    {
        var f = new ConcurrentDictionary<string, LayerFactory>(StringComparer.Ordinal);
        foreach (var type in typeof(ModuleBase).Assembly.GetTypes())
        {
            if (type is { IsPublic: true, IsAbstract: false } && type.IsSubclassOf(typeof(ModuleBase)) && FactoryOf(type) is { } factory)
            {
                f[type.Name] = factory;
            }
        }

        return f;
    }

    /// <summary>The factory for a layer type found by reflection, or null when the type is none of the loadable kinds.</summary>
    private static LayerFactory? FactoryOf(Type type)
    {
        var configurable = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConfigurable<,>) && i.GenericTypeArguments[0] == type);
        if (configurable is not null)
        {
            return (LayerFactory)typeof(Model).GetMethod(nameof(ConfigFactory), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type, configurable.GenericTypeArguments[1]).Invoke(null, null)!;
        }

        if (type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IComposite<>) && i.GenericTypeArguments[0] == type))
        {
            return (LayerFactory)typeof(Model).GetMethod(nameof(CompositeFactory), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type).Invoke(null, null)!;
        }

        if (type.GetConstructor(Type.EmptyTypes) is { } constructor)
        {
            return (config, _) => config.Keys.FirstOrDefault() is { } key
                ? throw new ModelFormatException($"config '{Truncate(key)}' is not a setting of {type.Name} (it has none)")
                : (ModuleBase)constructor.Invoke(null);
        }

        return null;
    }

    private static LayerFactory ConfigFactory<TLayer, TConfig>()
        where TLayer : ModuleBase, IConfigurable<TLayer, TConfig>
        where TConfig : class
    {
        // Create's fixed initialisation suits a file whose tensors overwrite it; a network built to be trained needs its generator.
        var seeded = typeof(TLayer).GetConstructor([typeof(TConfig), typeof(Generator)]);
        return (config, _) =>
        {
            var settings = (TConfig)LayerConfig.Read(typeof(TConfig), config);
            if (seeded is null || t_initGenerator is not { } generator)
            {
                return TLayer.Create(settings);
            }

            try
            {
                return (TLayer)seeded.Invoke([settings, generator]);
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        };
    }

    private static LayerFactory CompositeFactory<TLayer>()
        where TLayer : ModuleBase, IComposite<TLayer> =>
        (config, children) => config.Keys.FirstOrDefault() is { } key
            ? throw new ModelFormatException($"config '{Truncate(key)}' is not a setting of {typeof(TLayer).Name} (it has none)")
            : TLayer.Create(children);
}
