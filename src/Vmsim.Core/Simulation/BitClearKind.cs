namespace Vmsim.Core.Simulation;

/// <summary>
/// Why a policy cleared a page's reference or dirty bit other than to give the page a second
/// chance in its victim search (<see cref="BitClear"/>): each drops the TLB entries that had set
/// the bit, as a second chance does.
/// </summary>
public enum BitClearKind
{
    /// <summary>
    /// Linux moved an active page to its inactive list (<c>shrink_active_list</c>), clearing its
    /// reference bits whether they were set or not: the page is aged, not spared.
    /// </summary>
    Deactivated,

    /// <summary>
    /// A clock hand that runs outside the victim search (CLOCK-Pro's hot hand, after a load)
    /// found the page's reference bit set and cleared it.
    /// </summary>
    HandPassed,

    /// <summary>
    /// The policy cleared the reference bit of the page it had just been given, which the
    /// restarted access had set, so that only a later reference counts.
    /// </summary>
    NewPage,

    /// <summary>The policy's periodic tick read and cleared the page's reference bit (aging).</summary>
    Tick,

    /// <summary>
    /// The policy had the dirty page written back and kept it resident (WSClock's scheduled
    /// write), which clears its dirty bits.
    /// </summary>
    Cleaned,
}
