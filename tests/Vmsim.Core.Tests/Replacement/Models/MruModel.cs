namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// MRU as H.-T. Chou and D. J. DeWitt name it for looping access in "An evaluation of buffer
/// management strategies for relational database systems", VLDB 1985: one list in order of
/// last reference, and the page referenced last goes. The victim is chosen before the
/// faulting page comes in, so it is the page referenced just before the fault.
/// </summary>
internal sealed class MruModel(int frames, Func<int, bool>? canEvict = null) : RecencyListModel(frames, evictMostRecent: true, canEvict);
