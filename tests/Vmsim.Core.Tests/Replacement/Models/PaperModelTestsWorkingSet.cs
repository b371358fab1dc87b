using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>The working-set policies against models of their papers (<see cref="ModelComparison"/>).</summary>
public sealed class PaperModelTestsWorkingSet
{
    // Windows shorter and longer than the strings' loops, so that the sweeps find old pages at
    // once, only after cleaning dirty ones, or none at all (and fall back to the oldest).
    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(1000)]
    public void WsClock_evicts_as_carr_and_hennessys_wsclock(long window) =>
        ModelComparison.AssertSameEvictions(() => new WsClock(window), frames => new WsClockModel(frames, window));
}
