using Spectre.Console;
using Vmsim.Cli.Rendering;

namespace Vmsim.Cli.Tests.Rendering;

public sealed class ProgressDisplayTests
{
    [Fact]
    public void A_progress_bar_appears_only_for_work_longer_than_a_second_and_never_without_a_console()
    {
        using var quickText = new StringWriter();
        using var slowText = new StringWriter();
        var quick = Console(quickText);
        var slow = Console(slowText);
        var view = new ProgressView("working", null, "half way", 50, 100);

        Assert.Equal(1, ProgressDisplay.Run(null, () => view, () => 1));
        Assert.Equal(2, ProgressDisplay.Run(quick, () => view, () => 2));
        // The slow work outlasts the delay and then waits until the bar has been drawn (the
        // display polls before each refresh, so a second poll means one refresh is done),
        // rather than sleeping a guess that a loaded machine may miss.
        var polls = 0;
        using var drawn = new ManualResetEventSlim();
        ProgressView Poll()
        {
            if (Interlocked.Increment(ref polls) >= 2)
            {
                drawn.Set();
            }

            return view;
        }

        Assert.Equal(3, ProgressDisplay.Run(slow, Poll, () =>
        {
            Thread.Sleep(ProgressDisplay.Delay);
            Assert.True(drawn.Wait(TimeSpan.FromSeconds(30)), "the bar was never drawn");
            return 3;
        }));

        Assert.Equal(string.Empty, quickText.ToString());
        Assert.Contains("working: half way", slowText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Work_that_fails_fails_the_same_with_a_progress_bar()
    {
        using var text = new StringWriter();

        var error = Assert.Throws<InvalidOperationException>(() => ProgressDisplay.Run<int>(Console(text), () => new ProgressView("x", null, "y", 0, null), () =>
        {
            Thread.Sleep(ProgressDisplay.Delay + TimeSpan.FromMilliseconds(300));
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public void A_description_too_wide_keeps_its_counts_and_shortens_the_trace_name()
    {
        var view = new ProgressView("replaying", "/data/traces/zipf1m.oracleGeneral.bin", "11.31 M accesses, 6.72 M/s", 0, null);

        Assert.Equal("replaying /data/traces/zipf1m.oracleGeneral.bin: 11.31 M accesses, 6.72 M/s", view.Describe(100));
        Assert.Equal("replaying zipf1m.oracleGeneral.bin: 11.31 M accesses, 6.72 M/s", view.Describe(70));
        Assert.Equal("zipf1m.oracleGeneral.bin: 11.31 M accesses, 6.72 M/s", view.Describe(55));
        var shortened = view.Describe(40);
        Assert.Equal(40, shortened.Length);
        Assert.Matches(@"^zip.*….*\.bin: 11\.31 M accesses, 6\.72 M/s$", shortened);
        Assert.Equal("11.31 M accesses, 6.72 M/s", view.Describe(20));
        Assert.Equal("simulating: 1 of 4 runs", new ProgressView("simulating", null, "1 of 4 runs", 0, null).Describe(80));
    }

    [Theory]
    [InlineData(80, 60)]
    [InlineData(120, 60)]
    [InlineData(200, 60)]
    [InlineData(40, 60)]
    public void The_bar_gives_up_room_before_the_description_and_the_line_fits_the_console(int width, int wanted)
    {
        var (bar, description) = ProgressDisplay.Layout(width, wanted);

        Assert.InRange(bar, 10, 40);
        Assert.True(description >= Math.Min(wanted, width - 17 - bar), $"description {description} on {width} columns");
        if (width >= 17 + 10 + 10)
        {
            Assert.True(bar + description + 17 <= width, $"bar {bar} + description {description} on {width} columns");
        }
    }

    private static IAnsiConsole Console(StringWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.Yes,
        ColorSystem = ColorSystemSupport.NoColors,
        Out = new AnsiConsoleOutput(writer),
        Interactive = InteractionSupport.Yes,
    });
}
