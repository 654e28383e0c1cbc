using System.Diagnostics;
using NeuralSharp.IO;
using Xunit.Abstractions;

namespace NeuralSharp.Tests.IO;

/// <summary>
/// Round trips through tests/python/safetensors_roundtrip.py, an independent reader/writer, which
/// doubles floats and increments integers so the values must really have been decoded.
/// </summary>
public sealed class SafeTensorsPythonInteropTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ns-st-py-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PythonFact]
    public void PlainPythonReadsAndWritesOurFormat() => RoundTrip("plain");

    [PythonFact(requireTorch: true)]
    public void TorchReadsAndWritesOurFormat() => RoundTrip("torch");

    private void RoundTrip(string mode)
    {
        float[] singles = [1.5f, -2.25f, 0f, -0f, float.Epsilon, float.PositiveInfinity];
        double[] doubles = [Math.PI, -1e-300, 12345.678];
        int[] ints = [-5, 0, 7, 1 << 30];
        SafeTensorsEntry[] entries =
        [
            SafeTensorsEntry.FromSingles("layer.0.weight", [2, 3], singles),
            SafeTensorsEntry.FromDoubles("layer.0.bias", [3], doubles),
            SafeTensorsEntry.FromInt32s("counts", [2, 2], ints),
            SafeTensorsEntry.FromInt64s("step", [], [1L << 40]),
            SafeTensorsEntry.FromSingles("empty", [0, 4], []),
            new SafeTensorsEntry("mask", SafeTensorsDType.Bool, [3], new byte[] { 1, 0, 1 }),
            new SafeTensorsEntry("bf", SafeTensorsDType.BFloat16, [1], new byte[] { 0x80, 0x3F }),
            SafeTensorsEntry.FromSingles("gewicht.ü.日本", [1], [42f]),
        ];
        var metadata = SafeTensorsTestData.SampleMetadata();
        var written = Path.Combine(_dir, "from-csharp.safetensors");
        var returned = Path.Combine(_dir, "from-python.safetensors");
        SafeTensorsFile.Write(written, entries, metadata);

        RunScript(written, returned, mode);
        var content = SafeTensorsFile.Read(returned);

        Assert.Equal(entries.Select(e => e.Name).Order(StringComparer.Ordinal), content.Names.Order(StringComparer.Ordinal));
        Assert.Equal(singles.Select(v => BitConverter.SingleToInt32Bits(v * 2)), content["layer.0.weight"].ToSingles().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(new long[] { 2, 3 }, content["layer.0.weight"].GetShape());
        Assert.Equal(doubles.Select(v => v * 2), content["layer.0.bias"].ToDoubles());
        Assert.Equal(ints.Select(v => v + 1), content["counts"].ToInt32s());
        Assert.Equal(new[] { (1L << 40) + 1 }, content["step"].ToInt64s());
        Assert.Equal(0, content["step"].Shape.Length);
        Assert.Equal(new long[] { 0, 4 }, content["empty"].GetShape());
        Assert.Equal(new byte[] { 1, 0, 1 }, content["mask"].Data.ToArray());
        Assert.Equal(new byte[] { 0x80, 0x3F }, content["bf"].Data.ToArray());
        Assert.Equal(new[] { 84f }, content["gewicht.ü.日本"].ToSingles());
        foreach (var (key, value) in metadata)
        {
            Assert.Equal(value, content.Metadata[key]);
        }

        Assert.StartsWith(mode, content.Metadata["roundtrip"], StringComparison.Ordinal);
    }

    private void RunScript(string input, string outputPath, string mode)
    {
        var script = FindScript();
        using var process = Process.Start(new ProcessStartInfo(PythonFactAttribute.Python, [script, input, outputPath, "--mode", mode])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            Assert.Fail("the python round trip timed out");
        }

        output.WriteLine(stdout.Result);
        output.WriteLine(stderr.Result);
        Assert.True(process.ExitCode == 0, $"python exited with {process.ExitCode}: {stderr.Result}");
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "python", "safetensors_roundtrip.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/python/safetensors_roundtrip.py not found above " + AppContext.BaseDirectory);
    }
}
