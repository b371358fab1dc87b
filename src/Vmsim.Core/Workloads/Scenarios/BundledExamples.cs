using System.Reflection;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>The example scenarios shipped inside vmsim (the files of examples/), by name.</summary>
public static class BundledExamples
{
    private const string Prefix = "examples/";

    /// <summary>The names of the bundled scenarios, without the .yaml extension, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. typeof(BundledExamples).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(n => Path.GetFileNameWithoutExtension(n[Prefix.Length..]))
        .Order(StringComparer.Ordinal)];

    /// <summary>The YAML text of the bundled scenario <paramref name="name"/>, or null.</summary>
    public static string? Text(string name)
    {
        using var stream = typeof(BundledExamples).Assembly.GetManifestResourceStream($"{Prefix}{name}.yaml");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The bundled scenario <paramref name="name"/>, parsed (with <paramref name="adjustMachine"/> as in <see cref="ScenarioReader.Parse"/>), or null.</summary>
    public static Scenario? Read(string name, Func<Simulation.MachineConfig, Simulation.MachineConfig>? adjustMachine = null) =>
        Text(name) is { } text ? ScenarioReader.Parse(text, $"{name}.yaml", adjustMachine) : null;
}
