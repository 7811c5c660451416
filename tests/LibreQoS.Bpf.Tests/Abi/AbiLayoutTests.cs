using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using LibreQoS.TestKit;

namespace LibreQoS.Bpf.Tests.Abi;

/// <summary>
/// Proves that every C# mirror of a C struct or constant (marked [MirrorsC]) matches the C headers, by compiling
/// generated _Static_asserts with the system C compiler.
/// </summary>
[Trait("Requires", "cc")]
public class AbiLayoutTests
{
    private static readonly Assembly Bpf = typeof(BpfException).Assembly;

    [Fact]
    public void Mirrors_MatchTheCHeaders()
    {
        var asserts = Mirrors().SelectMany(StructAsserts).Concat(ConstantAsserts()).ToList();

        var result = Compile(asserts);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.True(asserts.Count > 50, $"only {asserts.Count} assertions generated");
    }

    [Fact]
    public void Checker_RejectsAWrongLayout()
    {
        var result = Compile(["_Static_assert(sizeof(struct ip_hash_key) == 21, \"deliberately wrong\");"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("deliberately wrong", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void EverySharedStruct_IsMarkedAsAMirror()
    {
        var unmarked = Bpf.GetTypes()
            .Where(t => t is { IsValueType: true, IsEnum: false, Namespace: "LibreQoS.Bpf.Abi" or "LibreQoS.Bpf.Native" }
                        && t.IsLayoutSequential | t.IsExplicitLayout && !t.Name.Contains("FixedBuffer", StringComparison.Ordinal)
                        && !t.Name.StartsWith('<') && t.GetCustomAttribute<MirrorsCAttribute>() is null)
            .Select(t => t.FullName);

        Assert.Empty(unmarked);
    }

    private static IEnumerable<(Type Type, MirrorsCAttribute Mirror)> Mirrors() =>
        Bpf.GetTypes().Where(t => t.IsValueType)
            .Select(t => (t, t.GetCustomAttribute<MirrorsCAttribute>()!))
            .Where(pair => pair.Item2 is not null);

    private static IEnumerable<string> StructAsserts((Type Type, MirrorsCAttribute Mirror) mirror)
    {
        string c = $"struct {mirror.Mirror.Name}";
        int size = RuntimeHelpers.SizeOf(mirror.Type.TypeHandle);
        string relation = mirror.Mirror.IsPrefix ? ">=" : "==";
        yield return StaticAssert($"sizeof({c}) {relation} {size}", $"{c}: size");
        foreach (var field in mirror.Type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            string name = CName(field.Name);
            yield return StaticAssert($"offsetof({c}, {name}) == {Marshal.OffsetOf(mirror.Type, field.Name)}", $"{c}.{name}: offset");
            yield return StaticAssert($"sizeof((({c} *)0)->{name}) == {FieldSize(field)}", $"{c}.{name}: size");
        }
    }

    private static IEnumerable<string> ConstantAsserts() =>
        Bpf.GetTypes().SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.IsLiteral && f.GetCustomAttribute<MirrorsCAttribute>() is not null)
            .Select(f => StaticAssert(
                $"{f.GetCustomAttribute<MirrorsCAttribute>()!.Name} == {Convert.ToString(f.GetRawConstantValue(), CultureInfo.InvariantCulture)}",
                $"{f.DeclaringType!.Name}.{f.Name}"));

    private static int FieldSize(FieldInfo field)
    {
        if (field.GetCustomAttribute<FixedBufferAttribute>() is { } buffer)
            return buffer.Length * RuntimeHelpers.SizeOf(buffer.ElementType.TypeHandle);
        return field.FieldType.IsPointer ? IntPtr.Size : RuntimeHelpers.SizeOf(field.FieldType.TypeHandle);
    }

    /// <summary>C# mirrors name fields either exactly as C does (raw libbpf/libc structs) or in PascalCase.</summary>
    private static string CName(string field)
    {
        if (field.Contains('_', StringComparison.Ordinal) || field.All(c => !char.IsUpper(c)))
            return field;
        var snake = new StringBuilder();
        foreach (char ch in field)
        {
            if (char.IsUpper(ch) && snake.Length > 0)
                snake.Append('_');
            snake.Append(char.ToLowerInvariant(ch));
        }
        return snake.ToString();
    }

    private static string StaticAssert(string condition, string what) => $"_Static_assert({condition}, \"{what}\");";

    private static ProcessResult Compile(IEnumerable<string> asserts)
    {
        using var dir = new TempDirectory();
        var headers = Mirrors().Select(m => m.Mirror.Header).Append("lqos_abi.h").Distinct()
            .Select(h => h == "lqos_abi.h" ? "#include \"lqos_abi.h\"" : $"#include <{h}>");
        string source = dir.Write("abi_check.c", string.Join('\n', ["#include <stddef.h>", .. headers, .. asserts, ""]));
        return ProcessRunner.Run("cc", ["-fsyntax-only", "-Werror", "-I", Path.Combine(RepoPaths.Root, "bpf", "include"), source]);
    }
}
