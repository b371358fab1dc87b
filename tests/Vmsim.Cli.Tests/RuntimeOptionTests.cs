using System.Text.Json;

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
}
