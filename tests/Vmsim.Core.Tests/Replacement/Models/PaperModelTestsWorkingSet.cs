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

    // A window of one reference leaves one page resident; windows around the strings' loops
    // and hot sets let the working set outgrow memory now and then; a long one makes it LRU
    // whenever memory is full.
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(50)]
    [InlineData(1000)]
    public void Ws_keeps_denning_s_working_set_resident(long window) =>
        ModelComparison.AssertSameEvictions(() => new WorkingSet(window), frames => new WorkingSetModel(frames, window));
}
