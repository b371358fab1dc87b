using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vmsim.Cli.Tests;

public sealed class RuntimeOptionTests
{
    private const string StrictGzip = "System.IO.Compression.UseStrictValidation";

    [Fact]
    public void The_runtimeconfig_turns_on_strict_gzip_validation_so_that_a_cut_trace_is_an_error()
    {
        // Only the runtimeconfig (Directory.Build.props) sets this: AppContext.SetSwitch, Core's
        // fallback, does not, so the test fails when the props line is gone.
        Assert.Equal("true", AppContext.GetData(StrictGzip) as string);
    }

    [Fact]
    public void The_vmsim_program_has_it_in_its_own_runtimeconfig_too()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "vmsim.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));

        var value = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty(StrictGzip);

        Assert.Equal(JsonValueKind.True, value.ValueKind);
    }

    [Fact]
    public void Vmsim_with_the_option_off_refuses_a_gzip_trace_in_one_line_with_exit_2()
    {
        // The runtime reads the option once a process: only another process can have it off,
        // here vmsim itself started with a copy of its runtimeconfig that sets it to false.
        using var files = new TraceFiles();
        var trace = files.WriteGzip("t.pages.gz", "1\n2\n3\n");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vmsim.runtimeconfig.json")))!;
        config["runtimeOptions"]!["configProperties"]![StrictGzip] = false;
        var off = files.Write("off.runtimeconfig.json", config.ToJsonString());

        var message = Cli.AssertBadInput(Cli.RunProcess(off, "replay", trace));
        Assert.Equal($"vmsim: this process cannot tell a cut gzip file from a whole one: set the runtime option {StrictGzip} to true in its runtimeconfig (it is set to false)", message);
    }
}
