using System.Reflection;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

// Runs every [Fact] and [Theory] (InlineData and MemberData) compiled into this program, one at a time,
// and ends with the plain "N passed, N failed" line. An optional argument keeps only the tests whose
// class or method name contains it.
var filter = args.Length > 0 ? args[0] : null;
Console.WriteLine($"{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}, .NET {Environment.Version}: " +
    $"Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}, " +
    $"AdvSimd {AdvSimd.IsSupported}, AdvSimd.Arm64 {AdvSimd.Arm64.IsSupported}, {Environment.ProcessorCount} cores");

int passed = 0, failed = 0;
var tests = typeof(Program).Assembly.GetTypes()
    .Where(t => t.IsClass && !t.IsAbstract && t.IsPublic)
    .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => (Type: t, Method: m)))
    .Where(x => x.Method.GetCustomAttribute<FactAttribute>() is { Skip: null })
    .Where(x => filter is null || x.Type.Name.Contains(filter, StringComparison.Ordinal) || x.Method.Name.Contains(filter, StringComparison.Ordinal))
    .OrderBy(x => x.Type.FullName, StringComparer.Ordinal).ThenBy(x => x.Method.Name, StringComparer.Ordinal);

foreach (var (type, method) in tests)
{
    foreach (var arguments in Cases(type, method))
    {
        var name = $"{type.Name}.{method.Name}({string.Join(", ", arguments.Select(a => a?.ToString()))})";
        var instance = Activator.CreateInstance(type)!;
        try
        {
            if (method.Invoke(instance, arguments) is Task task)
            {
                task.GetAwaiter().GetResult();
            }

            passed++;
        }
        catch (Exception e)
        {
            failed++;
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            Console.WriteLine($"FAIL {name}: {cause.GetType().Name}: {cause.Message.Split('\n')[0]}");
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }
}

Console.WriteLine($"{passed} passed, {failed} failed");
return failed == 0 && passed > 0 ? 0 : 1;

static IEnumerable<object?[]> Cases(Type type, MethodInfo method)
{
    if (method.GetCustomAttribute<TheoryAttribute>() is null)
    {
        yield return [];
        yield break;
    }

    foreach (var inline in method.GetCustomAttributes<InlineDataAttribute>())
    {
        foreach (var row in inline.GetData(method))
        {
            yield return row;
        }
    }

    foreach (var member in method.GetCustomAttributes<MemberDataAttribute>())
    {
        var source = member.MemberType ?? type;
        var data = source.GetProperty(member.MemberName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
            ?? source.GetMethod(member.MemberName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.Invoke(null, member.Parameters)
            ?? throw new InvalidOperationException($"{type.Name}.{method.Name}: no member data {member.MemberName}");
        foreach (var row in (IEnumerable<object?[]>)data)
        {
            yield return row;
        }
    }
}
