using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;

namespace Vmsim.Cli.Rendering;

/// <summary>One reference of a reference-string run, as the step table shows it.</summary>
/// <param name="Number">The reference's position, from 1.</param>
/// <param name="Reference">The reference (page and kind).</param>
/// <param name="Fault">The fault's kind, or <see cref="FaultKind.None"/> for a hit.</param>
/// <param name="TlbHit">True when the TLB held the page's translation at the reference (a fault's reference misses).</param>
/// <param name="Frame">The frame that holds the page after the reference, or -1.</param>
/// <param name="Evicted">The pages evicted, with whether each was dirty and whether it left because it had left the working set (a departure) rather than to make room.</param>
/// <param name="FramesAfter">For each frame after the reference, its page, or null when free.</param>
/// <param name="WorkingSet">The working set W(t, tau) after the reference, in ascending order, when it is measured; otherwise null.</param>
/// <param name="Policy">The replacement policy's state after the reference, when the log was given the policy; otherwise null.</param>
/// <param name="SecondChances">The pages the policy gave a second chance before its victim (reference bits found set and cleared), in the order it cleared them; null for none.</param>
/// <param name="VictimBitCleared">True when the policy's search cleared its victim's reference bit too before it took it.</param>
/// <param name="BitClears">The bits the policy cleared other than as second chances (<see cref="BitClear"/>), in order; null for none.</param>
internal sealed record ReferenceStep(
    int Number,
    PageReference Reference,
    FaultKind Fault,
    bool TlbHit,
    int Frame,
    IReadOnlyList<(ulong Page, bool Dirty, bool LeftWorkingSet)> Evicted,
    IReadOnlyList<ulong?> FramesAfter,
    IReadOnlyList<PageNumber>? WorkingSet = null,
    PolicyState? Policy = null,
    IReadOnlyList<ulong>? SecondChances = null,
    bool VictimBitCleared = false,
    IReadOnlyList<BitClear>? BitClears = null);

/// <summary>
/// Listens to a reference-string run and keeps one <see cref="ReferenceStep"/> per
/// reference. The frames' contents are followed from the events themselves: a fault
/// puts its page in the frame the access reached, an eviction empties its frame (the
/// run has one process, so a frame's page is that process's page).
/// </summary>
internal sealed class ReferenceStepLog : IMachineObserver
{
    private readonly IReadOnlyList<PageReference> _references;
    private readonly ulong?[] _frames;
    private readonly List<(ulong, bool, bool)> _evicted = [];
    private readonly List<ulong> _secondChances = [];
    private bool _victimBitCleared;
    private readonly List<BitClear> _bitClears = [];
    private readonly List<ReferenceStep> _steps = [];

    /// <summary>Creates a log for <paramref name="references"/> on a machine of <paramref name="frames"/> frames.</summary>
    public ReferenceStepLog(IReadOnlyList<PageReference> references, int frames)
    {
        _references = references;
        _frames = new ulong?[frames];
    }

    /// <summary>The machine's working sets, when measured: each step keeps the process's after its reference.</summary>
    public WorkingSetMeter? WorkingSets { get; set; }

    /// <summary>The machine's replacement policy, when each step is to keep its state (<see cref="IReplacementPolicy.Inspect"/>).</summary>
    public IReplacementPolicy? Policy { get; set; }

    /// <summary>The steps so far, one per reference.</summary>
    public IReadOnlyList<ReferenceStep> Steps => _steps;

    /// <inheritdoc/>
    public void OnAccess(in AccessEvent access)
    {
        if (access.Frame.IsValid)
        {
            _frames[access.Frame.Value] = access.Page.Value;
        }

        var number = _steps.Count + 1;
        _steps.Add(new ReferenceStep(number, _references[_steps.Count], access.Fault, access.TlbHit, access.Frame.Value, [.. _evicted], [.. _frames],
            WorkingSets?.Of(access.Pid)?.Pages(), PolicyAfter(number - access.Time), _secondChances.Count == 0 ? null : [.. _secondChances], _victimBitCleared,
            _bitClears.Count == 0 ? null : [.. _bitClears]));
        _evicted.Clear();
        _secondChances.Clear();
        _bitClears.Clear();
        _victimBitCleared = false;
    }

    // The policy has heard of the access by now (the machine tells it before the observer).
    private PolicyState? PolicyAfter(long stepOfTimeZero)
    {
        if (Policy is null)
        {
            return null;
        }

        var view = Policy.Inspect();
        var pages = view.Order.Select(n => _frames[n.Frame.Value]
            ?? throw new InvalidOperationException($"the {Policy.Name} policy holds frame {n.Frame}, which no page of the reference string is in")).ToArray();
        return new PolicyState(view, pages, stepOfTimeZero);
    }

    /// <inheritdoc/>
    public void OnEviction(in EvictionEvent eviction)
    {
        foreach (var chance in eviction.SecondChances)
        {
            if (_frames[chance.Frame.Value] is { } spared)
            {
                _secondChances.Add(spared);
            }
        }

        _victimBitCleared |= eviction.VictimBitCleared;
        _frames[eviction.Frame.Value] = null;
        _evicted.Add((eviction.Page.Value, eviction.Dirty, eviction.Departure));
    }

    /// <inheritdoc/>
    public bool HearsBitClears => true;

    /// <inheritdoc/>
    public void OnBitClear(in BitClear clear) => _bitClears.Add(clear);

    /// <inheritdoc/>
    public void OnOomKill(in OomKillEvent kill)
    {
    }

    /// <inheritdoc/>
    public void OnOperation(OperationEvent operation)
    {
    }
}
