using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using NeuralSharp.IO;

namespace NeuralSharp.Nn;

/// <summary>
/// The one description of a layer's settings: a config record such as
/// <c>record LinearConfig(int InFeatures, int OutFeatures, bool Bias = true)</c>, whose primary-constructor
/// parameters are the settings (in order), their defaults, and, through <see cref="SettingAttribute"/>, their
/// ranges. From it this class validates the settings, prints them with PyTorch's keys, and writes them to and
/// reads them back from model files, so that a layer states each setting once.
/// </summary>
/// <remarks>
/// <para>Keys are the parameter names in snake_case (<c>InFeatures</c> becomes <c>in_features</c>), as PyTorch
/// names its constructor arguments. Supported member types: <see cref="int"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see cref="string"/> and <see cref="Shape"/>.</para>
/// <para>Reading is strict because model files are untrusted input: a value of the wrong kind or outside its
/// range, a missing setting without a default, or a key the record does not have is a
/// <see cref="ModelFormatException"/> naming the key.</para>
/// </remarks>
public static class LayerConfig
{
    private static readonly ConcurrentDictionary<Type, Description> Descriptions = new();

    /// <summary>Checks every setting of <paramref name="config"/> against its declared range and returns it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names its key and the range.</exception>
    public static TConfig Validate<TConfig>(TConfig config)
        where TConfig : class
    {
        ArgumentNullException.ThrowIfNull(config);
        var d = Describe(config.GetType());
        foreach (var s in d.Settings)
        {
            if (s.Problem(s.Property.GetValue(config)) is { } problem)
            {
                throw new ArgumentOutOfRangeException(s.Key, $"{d.LayerName}: {s.Key} must be {problem}");
            }
        }

        return config;
    }

    /// <summary>
    /// The settings as PyTorch prints them between a layer's parentheses: <c>in_features=784, out_features=10, bias=True</c>;
    /// positional settings without their key, shapes as tuples (<c>(256,)</c>) and reals as Python writes them (<c>1e-05</c>, <c>1.0</c>).
    /// </summary>
    public static string Format(object config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var parts = Describe(config.GetType()).Settings
            .Where(s => s.Attribute?.Printed ?? true)
            .Select(s => s.Attribute?.Positional == true ? PythonRepr(s.Property.GetValue(config)) : $"{s.Key}={PythonRepr(s.Property.GetValue(config))}");
        return string.Join(", ", parts);
    }

    /// <summary>A value as Python's <c>repr</c> writes it: True/False, 1e-05, 0.1, 1.0, (1, 28, 28), (256,), 'text'.</summary>
    internal static string PythonRepr(object? value) => value switch
    {
        bool b => b ? "True" : "False",
        double d => PythonFloat(d),
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        Shape s => s.Rank == 1 ? $"({s[0]},)" : $"({string.Join(", ", s)})",
        string t => $"'{t}'",
        null => "None",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>Writes the settings of <paramref name="config"/> into a model file's config object.</summary>
    internal static void Write(object config, ModuleConfig into)
    {
        foreach (var s in Describe(config.GetType()).Settings)
        {
            switch (s.Property.GetValue(config))
            {
                case int n: into.Set(s.Key, n); break;
                case long n: into.Set(s.Key, n); break;
                case double x: into.Set(s.Key, x); break;
                case bool b: into.Set(s.Key, b); break;
                case string t: into.Set(s.Key, t); break;
                case Shape shape: into.Set(s.Key, shape.ToArray()); break;
                case var other: throw new InvalidOperationException($"{s.Key}: cannot store {other}");
            }
        }
    }

    /// <summary>Reads a config record of type <paramref name="configType"/> from a model file's untrusted config object.</summary>
    /// <exception cref="ModelFormatException">A key is unknown, or a value is missing, of the wrong kind or out of range.</exception>
    internal static object Read(Type configType, ModuleConfig from)
    {
        var d = Describe(configType);
        foreach (var key in from.Keys)
        {
            if (!d.Settings.Any(s => s.Key == key || s.Attribute?.Alias == key))
            {
                throw new ModelFormatException($"config '{Truncate(key)}' is not a setting of {d.LayerName} (its settings: {string.Join(", ", d.Settings.Select(s => s.Key))})");
            }
        }

        var args = new object?[d.Settings.Count];
        for (var i = 0; i < args.Length; i++)
        {
            var s = d.Settings[i];
            var key = from.Contains(s.Key) ? s.Key : s.Attribute?.Alias is { } alias && from.Contains(alias) ? alias : null;
            args[i] = key is not null ? s.Read(from, key)
                : s.Parameter.HasDefaultValue ? s.Parameter.DefaultValue
                : throw new ModelFormatException($"config '{s.Key}' is missing");
        }

        return d.Constructor.Invoke(args);
    }

    /// <summary>The config record's settings, from its primary constructor; cached per type.</summary>
    internal static Description Describe(Type configType) => Descriptions.GetOrAdd(configType, static t => new Description(t));

    private static string PythonFloat(double d)
    {
        if (!double.IsFinite(d))
        {
            return double.IsNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
        }

        var sign = double.IsNegative(d) ? "-" : string.Empty;
        var a = Math.Abs(d);
        if (a == Math.Floor(a) && a < 1e16)
        {
            // Python writes integral floats below 1e16 with one decimal: 1.0, -3.0.
            return sign + a.ToString("0.0", CultureInfo.InvariantCulture);
        }

        var r = a.ToString("R", CultureInfo.InvariantCulture);
        if (a >= 1e16 && !r.Contains('E', StringComparison.Ordinal))
        {
            // From 1e16 Python uses an exponent: the significant digits, then e+NN.
            var digits = r.TrimEnd('0');
            var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{mantissa}e+{r.Length - 1:00}");
        }

        // Below 1e-4 .NET's shortest round-trip form switches to an exponent where Python does, as 1E-05.
        return sign + r.Replace("E", "e", StringComparison.Ordinal);
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : string.Concat(s.AsSpan(0, 64), "...");

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    /// <summary>A config record type's constructor and settings.</summary>
    internal sealed class Description
    {
        public Description(Type type)
        {
            var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
            Constructor = constructors.Length > 0
                ? constructors.MaxBy(c => c.GetParameters().Length)!
                : throw new ArgumentException($"{type.Name} has no public constructor to describe its settings");
            LayerName = type.Name.EndsWith("Config", StringComparison.Ordinal) ? type.Name[..^"Config".Length] : type.Name;
            Settings = Constructor.GetParameters().Select(p => new Setting(type, p)).ToArray();
        }

        public ConstructorInfo Constructor { get; }

        public string LayerName { get; }

        public IReadOnlyList<Setting> Settings { get; }
    }

    /// <summary>One setting: its key, type, default and range.</summary>
    internal sealed class Setting
    {
        private static readonly Type[] Supported = [typeof(int), typeof(long), typeof(double), typeof(bool), typeof(string), typeof(Shape)];

        public Setting(Type record, ParameterInfo parameter)
        {
            Parameter = parameter;
            Key = SnakeCase(parameter.Name!);
            Property = record.GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new ArgumentException($"{record.Name}: the constructor parameter {parameter.Name} has no public property of the same name");
            if (!Supported.Contains(parameter.ParameterType))
            {
                throw new ArgumentException($"{record.Name}.{parameter.Name}: settings of type {parameter.ParameterType.Name} are not supported");
            }

            Attribute = parameter.GetCustomAttribute<SettingAttribute>();
        }

        public ParameterInfo Parameter { get; }

        public PropertyInfo Property { get; }

        public string Key { get; }

        public SettingAttribute? Attribute { get; }

        private double Min => Attribute?.Min ?? double.NegativeInfinity;

        private double Max => Attribute?.Max ?? double.PositiveInfinity;

        private bool MinExclusive => Attribute?.MinExclusive ?? false;

        private string RangeText => string.Create(
            CultureInfo.InvariantCulture,
            $"{(MinExclusive ? '(' : '[')}{Bound(Min)}, {Bound(Max)}]");

        /// <summary>What is wrong with <paramref name="value"/> ("an integer in [0, 2147483647]"), or null when it is valid.</summary>
        public string? Problem(object? value) => value switch
        {
            int n => InRange(n) ? null : $"an integer in {RangeText}, not {n}",
            long n => InRange(n) ? null : $"an integer in {RangeText}, not {n}",
            double x => double.IsFinite(x) && InRange(x) ? null : $"a finite number in {RangeText}, not {PythonFloat(x)}",
            Shape s => s.Rank <= (Attribute?.MaxRank ?? 16) && s.All(v => InRange(v)) ? null
                : $"a shape of at most {Attribute?.MaxRank ?? 16} dimensions, each in {RangeText}, not {s}",
            bool => null,
            string => null,
            _ => "set",
        };

        /// <summary>Reads the setting from the file's config under <paramref name="key"/>, strictly.</summary>
        public object Read(ModuleConfig config, string key)
        {
            var type = Parameter.ParameterType;
            object value = type == typeof(int) ? config.GetInt(key, IntBound(Min, int.MinValue), IntBound(Max, int.MaxValue))
                : type == typeof(long) ? config.GetLong(key)
                : type == typeof(double) ? config.GetNumber(key)
                : type == typeof(bool) ? config.GetBool(key)
                : type == typeof(string) ? config.GetString(key)
                : new Shape(config.GetIntArray(key, IntBound(Min, 0), IntBound(Max, int.MaxValue), Attribute?.MaxRank ?? 16));
            return Problem(value) is { } problem ? throw new ModelFormatException($"config '{key}' must be {problem}") : value;
        }

        private static int IntBound(double bound, int fallback) =>
            double.IsInfinity(bound) ? fallback : (int)Math.Clamp(bound, int.MinValue, int.MaxValue);

        private static string Bound(double b) => double.IsNegativeInfinity(b) ? "-inf" : double.IsPositiveInfinity(b) ? "inf"
            : b.ToString(CultureInfo.InvariantCulture);

        private bool InRange(double v) => (MinExclusive ? v > Min : v >= Min) && v <= Max;
    }
}
