using System.CommandLine;
using Vmsim.Core.Workloads;

namespace Vmsim.Cli.Tests;

public sealed class ProgramTests
{
    [Fact]
    public void An_unexpected_exception_is_exit_1_with_one_line_and_a_hint_to_use_debug()
    {
        var (code, stderr) = InvokeFailing("boom");

        Assert.Equal(1, code);
        var message = stderr.TrimEnd('\r', '\n');
        Assert.DoesNotContain('\n', message);
        Assert.Contains("internal error (InvalidOperationException): kaboom", message, StringComparison.Ordinal);
        Assert.Contains("--debug", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_debug_an_unexpected_exception_prints_the_stack_trace()
    {
        var (code, stderr) = InvokeFailing("boom", "--debug");

        Assert.Equal(1, code);
        Assert.Contains("kaboom", stderr, StringComparison.Ordinal);
        Assert.Contains("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runtime_option_not_in_effect_is_exit_2_with_its_message_alone_not_an_internal_error()
    {
        var (code, stderr) = InvokeFailing("option-off");

        Assert.Equal(2, code);
        Assert.Equal("vmsim: set the runtime option X to true in the runtimeconfig", stderr.TrimEnd('\r', '\n'));
    }

    [Theory]
    [InlineData("refs")]
    [InlineData("run")]
    [InlineData("demo")]
    [InlineData("policies")]
    [InlineData("serve")]
    [InlineData("replay")]
    [InlineData("record")]
    [InlineData("mrc")]
    [InlineData("sweep")]
    public void No_line_of_a_verbs_help_gives_its_default_twice(string verb)
    {
        var help = Cli.Run(verb, "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.All(help.Stdout.Split('\n'), line => Assert.False(
            line.Contains("[default:", StringComparison.Ordinal) && line.Contains("(default", StringComparison.Ordinal),
            $"the default is given twice: {line}"));
    }

    private static (int Code, string Stderr) InvokeFailing(params string[] args)
    {
        var debug = new Option<bool>("--debug") { Recursive = true };
        var root = new RootCommand();
        root.Options.Add(debug);
        var boom = new Command("boom");
        boom.SetAction(int (_) => throw new InvalidOperationException("kaboom"));
        root.Subcommands.Add(boom);
        var optionOff = new Command("option-off");
        optionOff.SetAction(int (_) => throw new RuntimeOptionException("set the runtime option X to true in the runtimeconfig"));
        root.Subcommands.Add(optionOff);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Invoke(root, debug, args, stdout, stderr);
        return (code, stderr.ToString());
    }
}
