using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using NeuralSharp.IO;
using Xunit.Abstractions;

namespace NeuralSharp.Tests.IO;

public sealed class SafeTensorsFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 10_000;

    private static readonly string[] JsonTokens =
    [
        "{", "}", "[", "]", "\"", ",", ":", "-", "0", "1", "9", "e", ".", "\\", "\\u", "\\ud800", "null", "true",
        "1e999", "-1", "18446744073709551616", "9223372036854775807", "\"dtype\"", "\"shape\"", "\"data_offsets\"",
        "\"__metadata__\"", "\"F32\"", "\"F64\"", "\"BOOL\"", "[0,0]", "[]", "{}", " ", "\n", "\u00e9", "\0",
    ];

    [Fact]
    public void MutatedFilesOnlyEverThrowModelFormatException()
    {
        // A dedicated thread gives a hang a deadline instead of blocking the test run, and its own
        // allocation counter.
        var stopwatch = Stopwatch.StartNew();
        var report = new StringBuilder();
        var worker = new Thread(() => Run(report)) { IsBackground = true };
        worker.Start();
        var finished = worker.Join(TimeSpan.FromSeconds(10));

        output.WriteLine(report.ToString());
        Assert.True(finished, $"fuzzing did not finish within 10 s; last progress: {report}");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.DoesNotContain("FAIL", report.ToString(), StringComparison.Ordinal);
    }

    private static readonly string[] ArchitectureTokens =
    [
        "{", "}", "[", "]", ",", ":", "\"type\"", "\"config\"", "\"children\"", "\"Linear\"", "\"Sequential\"", "\"ReLU\"",
        "\"Residual\"", "\"Dropout\"", "\"in_features\"", "\"out_features\"", "\"bias\"", "\"p\"", "0", "-1", "1e9", "2147483647",
        "4294967296", "1.5", "null", "true", "false", "\"\"", "{\"type\":\"ReLU\"}", "{\"type\":\"Linear\",\"config\":{\"in_features\":30000,\"out_features\":30000}}",
    ];

    /// <summary>Issue 18: the architecture JSON (and the other NeuralSharp metadata) of a real model file, mutated, loads or fails with a ModelFormatException.</summary>
    [Fact]
    public void MutatedArchitecturesOnlyEverThrowModelFormatException()
    {
        var dir = Directory.CreateTempSubdirectory("neuralsharp-fuzz-").FullName;
        try
        {
            var path = Path.Combine(dir, "model.safetensors");
            var net = new NeuralSharp.Nn.Sequential(new NeuralSharp.Nn.Linear(4, 3), new NeuralSharp.Nn.ReLU(), new NeuralSharp.Nn.Dropout(0.5), new NeuralSharp.Nn.Linear(3, 2)) { InputShape = [4] };
            Model.Save(net, path);
            var content = SafeTensorsFile.Read(path);
            var random = new Random(20261202);
            var report = new StringBuilder();
            int accepted = 0, rejected = 0;
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < 1500; i++)
            {
                var metadata = content.Metadata.ToDictionary(p => p.Key, p => p.Value);
                var key = (i % 5) switch
                {
                    0 => Model.InputShapeKey,
                    1 => Model.FormatVersionKey,
                    _ => Model.ArchitectureKey,
                };
                var text = metadata[key];
                for (int n = random.Next(1, 4), j = 0; j < n; j++)
                {
                    var at = random.Next(text.Length + 1);
                    if (random.Next(2) == 0 && Enumerable.Range(0, text.Length).Where(p => char.IsAsciiDigit(text[p])).ToArray() is { Length: > 0 } digits)
                    {
                        at = digits[random.Next(digits.Length)];
                        text = string.Concat(text.AsSpan(0, at), ArchitectureTokens[random.Next(18, 26)], text.AsSpan(at + 1));
                        continue;
                    }

                    var cut = random.Next(3) == 0 ? Math.Min(random.Next(1, 12), text.Length - at) : 0;
                    text = string.Concat(text.AsSpan(0, at), ArchitectureTokens[random.Next(ArchitectureTokens.Length)], text.AsSpan(at + cut));
                }

                metadata[key] = text;
                File.WriteAllBytes(path, SafeTensorsFile.ToBytes(content.Entries, metadata));
                var before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    Model.Load(path);
                    accepted++;
                }
                catch (ModelFormatException)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    report.AppendLine($"FAIL iteration {i}: {e.GetType().Name}: {e.Message} for {text}");
                }

                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated > 4L << 20)
                {
                    report.AppendLine($"FAIL iteration {i}: allocated {allocated} bytes for {text}");
                }
            }

            output.WriteLine($"1500 architecture mutations: {accepted} accepted, {rejected} rejected, {stopwatch.Elapsed.TotalSeconds:F1} s");
            Assert.True(rejected > 100, $"only {rejected} mutations rejected");
            Assert.DoesNotContain("FAIL", report.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Run(StringBuilder report)
    {
        var valid = SafeTensorsFile.ToBytes(SafeTensorsTestData.SampleEntries(), SafeTensorsTestData.SampleMetadata());
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        var random = new Random(20240611);
        int accepted = 0, rejected = 0;
        long worstAllocation = 0;

        // Warm up so one-time costs (JIT, static tables, pooled buffers) are not charged to an iteration.
        for (var i = 0; i < 20; i++)
        {
            TryRead(valid, i);
        }

        for (var i = 0; i < Iterations; i++)
        {
            var kind = i % 8;
            var mutated = Mutate(valid, headerLength, kind, random);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var outcome = TryRead(mutated, i);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            worstAllocation = Math.Max(worstAllocation, allocated);

            // Parsing, the JSON DOM and the tensor copies are all linear in the real input, and every
            // input tried here is small; anything past this means a forged length was trusted.
            var budget = (40L * mutated.Length) + (256 * 1024);
            if (allocated > budget)
            {
                report.AppendLine($"FAIL iteration {i} (mutation {kind}): allocated {allocated} bytes for a {mutated.Length}-byte input");
            }

            switch (outcome)
            {
                case null:
                    accepted++;
                    break;
                case ModelFormatException:
                    rejected++;
                    break;
                default:
                    report.AppendLine($"FAIL iteration {i} (mutation {kind}): {outcome.GetType().Name}: {outcome.Message}");
                    break;
            }
        }

        report.AppendLine($"{Iterations} mutations: {accepted} accepted, {rejected} rejected, worst allocation {worstAllocation} bytes");
    }

    /// <returns>null when the input was accepted (and is self-consistent), otherwise the exception.</returns>
    private static Exception? TryRead(byte[] file, int iteration)
    {
        try
        {
            // Rotating between the entry points covers each reader without tripling the run time.
            var content = (iteration % 3) switch
            {
                0 => SafeTensorsFile.Read(file),
                1 => SafeTensorsFile.Read(new MemoryStream(file, writable: false)),
                _ => SafeTensorsFile.Read(new SafeTensorsRoundTripTests.ForwardOnlyStream(file)),
            };

            // Accepted files must describe exactly the bytes that follow the header.
            var dataBytes = content.Entries.Sum(e => (long)e.Data.Length);
            var header = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
            return dataBytes == file.Length - 8 - header
                ? null
                : new InvalidOperationException($"accepted file whose tensors hold {dataBytes} bytes");
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static byte[] Mutate(byte[] valid, int headerLength, int kind, Random random)
    {
        var file = (byte[])valid.Clone();
        switch (kind)
        {
            case 0:
                // Bit flips anywhere.
                for (int n = random.Next(1, 9), j = 0; j < n; j++)
                {
                    file[random.Next(file.Length)] ^= (byte)(1 << random.Next(8));
                }

                return file;
            case 1:
                // Random bytes written over a random run, usually inside the header.
                {
                    var start = random.Next(random.Next(2) == 0 ? 8 + headerLength : file.Length);
                    var count = Math.Min(random.Next(1, 16), file.Length - start);
                    random.NextBytes(file.AsSpan(start, count));
                    return file;
                }

            case 2:
                // Truncation.
                return file[..random.Next(file.Length)];
            case 3:
                // Extension with random bytes.
                {
                    var extra = new byte[random.Next(1, 64)];
                    random.NextBytes(extra);
                    return [.. file, .. extra];
                }

            case 4:
                // Forged header lengths: huge, just over the cap, near the real one, near the file size.
                {
                    ulong[] candidates =
                    [
                        ulong.MaxValue, (ulong)long.MaxValue + 1, (ulong)SafeTensorsFile.MaxHeaderSize,
                        (ulong)SafeTensorsFile.MaxHeaderSize + 1, (ulong)(headerLength + random.Next(-16, 17)),
                        (ulong)(file.Length - 8 + random.Next(-4, 5)), (ulong)random.NextInt64(),
                    ];
                    BinaryPrimitives.WriteUInt64LittleEndian(file, candidates[random.Next(candidates.Length)]);
                    return file;
                }

            case 5:
            case 6:
                // JSON-level garbage: splice tokens into the header text and fix up the length prefix so
                // the parser and validator, not the framing checks, get exercised.
                {
                    var text = Encoding.UTF8.GetString(file, 8, headerLength);
                    for (int n = random.Next(1, 4), j = 0; j < n; j++)
                    {
                        var at = random.Next(text.Length + 1);
                        var cut = random.Next(3) == 0 ? Math.Min(random.Next(1, 6), text.Length - at) : 0;
                        text = string.Concat(text.AsSpan(0, at), JsonTokens[random.Next(JsonTokens.Length)], text.AsSpan(at + cut));
                    }

                    return SafeTensorsTestData.Assemble(text, file.AsSpan(8 + headerLength));
                }

            default:
                // Numeric edits inside the header: change one digit run, keeping everything else valid.
                {
                    var text = Encoding.UTF8.GetString(file, 8, headerLength);
                    var digits = Enumerable.Range(0, text.Length).Where(p => char.IsAsciiDigit(text[p])).ToArray();
                    var at = digits[random.Next(digits.Length)];
                    string[] replacements = ["0", "1", "7", "8", "24", "4294967296", "9223372036854775807", "-1", "1.5"];
                    text = string.Concat(text.AsSpan(0, at), replacements[random.Next(replacements.Length)], text.AsSpan(at + 1));
                    return SafeTensorsTestData.Assemble(text, file.AsSpan(8 + headerLength));
                }
        }
    }
}
