using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using NeuralSharp.TensorBoard;
using NeuralSharp.Tests.Data;
using NeuralSharp.Tests.IO;
using Xunit.Abstractions;

namespace NeuralSharp.Tests.TensorBoard;

/// <summary>
/// Our event files read by tests/python/read_tfevents.py, an independent reader: its own CRC-32C over the framing, and
/// google.protobuf (Debian's python3-protobuf) parsing each record from the same .proto files, compiled by the protoc
/// that Grpc.Tools ships.
/// </summary>
public sealed class TensorBoardPythonReaderTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [PythonFact(requireModule: "google.protobuf")]
    public void PythonReadsEveryValueBack()
    {
        var png = TestPng.Make(7, 4);
        double[] values = [-3.5, -1e-13, 0, 0, 0.001, 0.5, 2, 2, 1e15];
        string path;
        using (var writer = new TensorBoardWriter(_dir.Path))
        {
            path = writer.FilePath;
            writer.AddScalar("loss/train", 0.125, 1);
            writer.AddScalar("accuracy/validation", 0.9, 2);
            writer.AddHistogram("weights/0.weight", values, 2);
            writer.AddImage("test/misclassified", png, 3);
        }

        var csharp = TensorBoardEventReader.ReadAll(path);
        using var report = JsonDocument.Parse(Run(path, "auto").Stdout);
        var root = report.RootElement;
        output.WriteLine($"decoder: {root.GetProperty("decoder")}, protobuf {root.GetProperty("protobuf")}");
        Assert.Equal(csharp.Count, root.GetProperty("records").GetInt32());
        var events = root.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal("brain.Event:2", events[0].GetProperty("file_version").GetString());
        for (var i = 0; i < csharp.Count; i++)
        {
            Assert.Equal(csharp[i].Step, events[i].GetProperty("step").GetInt64());
            Assert.Equal(csharp[i].WallTime, events[i].GetProperty("wall_time").GetDouble());
        }

        var v = events.Skip(1).Select(e => Assert.Single(e.GetProperty("values").EnumerateArray().ToArray())).ToArray();
        Assert.Equal(("loss/train", "simple_value", 0.125), (v[0].GetProperty("tag").GetString(), v[0].GetProperty("kind").GetString(), v[0].GetProperty("value").GetDouble()));
        Assert.Equal((double)0.9f, v[1].GetProperty("value").GetDouble());

        var histogram = csharp[3].Summary.Value[0].Histo;
        Assert.Equal("histo", v[2].GetProperty("kind").GetString());
        Assert.Equal((histogram.Min, histogram.Max, histogram.Num, histogram.Sum, histogram.SumSquares),
            (v[2].GetProperty("min").GetDouble(), v[2].GetProperty("max").GetDouble(), v[2].GetProperty("num").GetDouble(),
             v[2].GetProperty("sum").GetDouble(), v[2].GetProperty("sum_squares").GetDouble()));
        Assert.Equal(histogram.BucketLimit, v[2].GetProperty("bucket_limit").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal(histogram.Bucket, v[2].GetProperty("bucket").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal(values.Length, v[2].GetProperty("bucket").EnumerateArray().Sum(x => x.GetDouble()));

        Assert.Equal(("image", 7, 4, true, png.Length), (v[3].GetProperty("kind").GetString(), v[3].GetProperty("width").GetInt32(),
            v[3].GetProperty("height").GetInt32(), v[3].GetProperty("png").GetBoolean(), v[3].GetProperty("length").GetInt32()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(png)), v[3].GetProperty("sha256").GetString());
    }

    /// <summary>Whatever the runtime, the descriptor-set path works; it is the one Debian's older runtime needs.</summary>
    [PythonFact(requireModule: "google.protobuf")]
    public void DescriptorSetDecoderAgrees()
    {
        string path;
        using (var writer = new TensorBoardWriter(_dir.Path))
        {
            path = writer.FilePath;
            writer.AddScalar("lr", 0.5, 7);
        }

        using var report = JsonDocument.Parse(Run(path, "descriptor-set").Stdout);
        Assert.Equal("descriptor-set", report.RootElement.GetProperty("decoder").GetString());
        var last = report.RootElement.GetProperty("events").EnumerateArray().Last();
        Assert.Equal(7, last.GetProperty("step").GetInt64());
        Assert.Equal(0.5, last.GetProperty("values")[0].GetProperty("value").GetDouble());
    }

    [PythonFact(requireModule: "google.protobuf")]
    public void PythonRejectsAFlippedByte()
    {
        string path;
        using (var writer = new TensorBoardWriter(_dir.Path))
        {
            path = writer.FilePath;
            writer.AddScalar("loss", 1, 1);
        }

        var bytes = File.ReadAllBytes(path);
        bytes[^6] ^= 0x04;
        File.WriteAllBytes(path, bytes);
        var (code, _, stderr) = Run(path, "auto", expectSuccess: false);
        Assert.NotEqual(0, code);
        Assert.Contains("record 1", stderr);
        Assert.Contains("payload's CRC does not match", stderr);
    }

    private (int Code, string Stdout, string Stderr) Run(string eventFile, string mode, bool expectSuccess = true)
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "tests", "python", "read_tfevents.py");
        var protos = Path.Combine(root, "src", "NeuralSharp.TensorBoard", "Protos");
        using var process = Process.Start(new ProcessStartInfo(PythonFactAttribute.Python, [script, eventFile, "--protoc", Protoc(root), "--proto-root", protos, "--mode", mode])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            Assert.Fail("read_tfevents.py timed out");
        }

        output.WriteLine(stderr.Result);
        if (expectSuccess)
        {
            Assert.True(process.ExitCode == 0, $"python exited with {process.ExitCode}: {stderr.Result}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tests", "python", "read_tfevents.py")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException("tests/python/read_tfevents.py not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The protoc of the Grpc.Tools package that built the .proto files: its version from Directory.Packages.props, in the NuGet package folder.</summary>
    private static string Protoc(string root)
    {
        var version = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == "Grpc.Tools").Attribute("Version")!.Value;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var platform = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.Arm64 => OperatingSystem.IsMacOS() ? "macosx_x64" : "linux_arm64",
            _ => OperatingSystem.IsWindows() ? "windows_x64" : OperatingSystem.IsMacOS() ? "macosx_x64" : "linux_x64",
        };
        var protoc = Path.Combine(packages, "grpc.tools", version, "tools", platform, OperatingSystem.IsWindows() ? "protoc.exe" : "protoc");
        Assert.True(File.Exists(protoc), $"{protoc} not found: restore the solution first (dotnet restore), which fetches Grpc.Tools");
        return protoc;
    }
}
