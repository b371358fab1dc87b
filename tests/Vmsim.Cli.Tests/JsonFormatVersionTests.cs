using Vmsim.Cli.Rendering;

namespace Vmsim.Cli.Tests;

/// <summary>
/// Every verb's <c>--json</c> opens with the same <c>formatVersion</c>, so that a grader can
/// tell which shape of output it reads before it reads any other field.
/// </summary>
public sealed class JsonFormatVersionTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string, string[]> Verbs => new()
    {
        { "refs", ["refs", "7 0 1 2 0 3", "--json"] },
        { "refs", ["refs", "7 0 1 2 0 3", "--steps", "--json"] },
        { "refs", ["refs", "7 0 1 2 0 3", "--compare", "fifo,lru", "--json"] },
        { "run", ["run", "fork-cow", "--json"] },
        { "demo", ["demo", "--json"] },
        { "translate", ["translate", "0x50001abc", "--json"] },
        { "policies", ["policies", "--json"] },
        { "replay", ["replay", "TRACE", "--json"] },
        { "mrc", ["mrc", "TRACE", "--json"] },
        { "sweep", ["sweep", "TRACE", "--policies", "fifo,lru", "--frames", "2,4", "--json"] },
        { "record", ["record", "--json", "--", "/bin/true"] },
    };

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Every_json_output_starts_with_format_version_1(string verb, string[] args)
    {
        var trace = _files.WritePages("pages.txt", TraceFiles.Pages(500, 20));
        var result = Cli.Run([.. args.Select(a => a == "TRACE" ? trace : a)]);

        Assert.True(result.ExitCode == 0, $"vmsim {verb} exited with {result.ExitCode}: {result.Stderr}");
        var first = result.Json().EnumerateObject().First();
        Assert.Equal("formatVersion", first.Name);
        Assert.Equal(1, first.Value.GetInt32());
        Assert.Equal(JsonSummary.FormatVersion, first.Value.GetInt32());
    }
}
