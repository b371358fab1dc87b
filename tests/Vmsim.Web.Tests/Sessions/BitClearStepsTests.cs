using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Sessions;

/// <summary>
/// The bits a policy clears other than as second chances are told in the visualizer's step as in
/// <c>vmsim run</c>'s narration: the session's observer passes them on to the step's recorder.
/// </summary>
public class BitClearStepsTests
{
    [Fact]
    public void A_linux_deactivation_is_told_in_the_step_that_made_it()
    {
        // docs/cli.md: with 5 frames, linux deactivates page 2 at reference 14 and then takes it.
        var session = Open(Refs("1 2 3 4 5 2 3 4 6 2 3 4 1 7 2 3 4 8 9", frames: 5, policy: "linux"));
        var told = Enumerable.Range(1, session.LastStep)
            .Where(s => session.Snapshot(s).Explanation.Any(e => e.Contains("(page 2), moving it to its inactive list", StringComparison.Ordinal)
                && e.Contains("evicted page 2 of P1 (refs) from frame 1, which it had just deactivated", StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(told);
    }

    [Fact]
    public void Clock_pros_clear_of_a_new_pages_bit_is_told_in_the_step_that_loaded_it()
    {
        var session = Open(Refs("1 2 3 1 4 1 2 5 1 2", frames: 3, policy: "clock-pro"));
        var explanations = Enumerable.Range(1, session.LastStep).SelectMany(s => session.Snapshot(s).Explanation).ToList();
        Assert.Contains(explanations, e => e.Contains("The clock-pro policy then cleared the new page's reference bit", StringComparison.Ordinal));
    }
}
