using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Simulation;

/// <summary>
/// Measures Denning's working sets as a run goes: for each process, W(t, tau), the
/// distinct pages of its own last tau references (its virtual time, as Denning defines
/// it), and the machine's total demand D, the sum of the working-set sizes of the
/// processes still running. When D exceeds the frames of memory, the working-set model
/// says the processes need more than memory holds and the machine thrashes (Silberschatz,
/// Operating System Concepts, "Working-Set Model"). Under local replacement each process
/// has its own quota of frames instead, and what matters is whether its working set fits
/// that quota. It measures and changes nothing: the replacement policy and the kernel run
/// as they would without it.
/// </summary>
/// <remarks>
/// A reference joins its process's working set when it is made, whatever follows (a hit,
/// a fault, a SIGSEGV): the working set is what the process referenced, not what was
/// resident (<see cref="Record"/>). The demand is taken once the access is over
/// (<see cref="Settle"/>), so that a process the access killed has already left it. A page
/// that several processes share counts in each of their working sets, as in the
/// textbook's sum. The cost is a list of each process's distinct pages in the order of
/// their last reference, and an update per reference; a run of TLB hits is recorded after
/// it is taken (<see cref="RecordHits"/>). The demand is kept as a running sum, moved by
/// each reference's change to its working set, and summed afresh over the processes only
/// after one has ended, so that a trace of many processes costs no more per reference.
/// Source: P. J. Denning, "The working set model for program behavior", CACM 11(5), 1968.
/// </remarks>
public sealed class WorkingSetMeter
{
    private readonly Dictionary<int, ProcessWorkingSet> _byPid = [];
    private readonly List<ProcessWorkingSet> _inOrder = [];
    private readonly Func<Process, int>? _quotaOf;
    private readonly Func<long> _endedProcesses;
    private ProcessWorkingSet? _last;

    // The demand, the working-set sizes of the running processes summed, as it stood when
    // _endedSeen processes had ended: moved by every reference since, and summed afresh when
    // more have ended.
    private long _demand;
    private long _endedSeen;

    // Whether the demand was more than the frames after the last settled reference.
    private bool _wasOver;

    /// <summary>
    /// Creates a meter with window <paramref name="window"/> (tau, in references, at least 1),
    /// comparing demand with <paramref name="frames"/> frames; <paramref name="endedProcesses"/>
    /// counts the processes that have ended so far (it only grows). Under local replacement,
    /// <paramref name="quotaOf"/> gives each process's quota, which its working set is compared with.
    /// </summary>
    public WorkingSetMeter(long window, int frames, Func<long> endedProcesses, Func<Process, int>? quotaOf = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentNullException.ThrowIfNull(endedProcesses);
        Window = window;
        Frames = frames;
        _endedProcesses = endedProcesses;
        _endedSeen = endedProcesses();
        _quotaOf = quotaOf;
    }

    /// <summary>The window tau, in references of each process.</summary>
    public long Window { get; }

    /// <summary>The frames of memory the demand is compared with.</summary>
    public int Frames { get; }

    /// <summary>True when each process's working set is compared with its own quota (local replacement).</summary>
    public bool ByQuota => _quotaOf is not null;

    /// <summary>The working sets of the processes that have made references, in the order of their first reference.</summary>
    public IReadOnlyList<ProcessWorkingSet> Processes => _inOrder;

    /// <summary>The demand D now: the sum of the working-set sizes of the processes still running.</summary>
    public long Demand
    {
        get
        {
            if (_endedProcesses() is var ended && ended != _endedSeen)
            {
                _endedSeen = ended;
                _demand = 0;
                foreach (var set in _inOrder)
                {
                    _demand += set.Process.IsRunning ? set.Size : 0;
                }
            }

            return _demand;
        }
    }

    /// <summary>The largest demand after any reference since the statistics were last reset.</summary>
    public long PeakDemand { get; private set; }

    /// <summary>References counted since the statistics were last reset.</summary>
    public long References { get; private set; }

    /// <summary>How many of them left the demand above <see cref="Frames"/>.</summary>
    public long ReferencesOverMemory { get; private set; }

    /// <summary>The first of them, counting the references from 1 since the statistics were last reset; 0 if none.</summary>
    public long FirstReferenceOverMemory { get; private set; }

    /// <summary>
    /// How the last reference, or the end of a process, moved the demand across the size of
    /// memory: +1 when it rose above <see cref="Frames"/>, -1 when it fell back to fit, 0
    /// otherwise. While an access or an exit is under way (as observers hear of it), the
    /// move it is making.
    /// </summary>
    public int LastCrossing
    {
        get
        {
            var over = Demand > Frames;
            return over == _wasOver ? _settledCrossing : Move(over);
        }
    }

    // The move of the last settled reference or exit.
    private int _settledCrossing;

    /// <summary>The working set of the process with <paramref name="pid"/>, or null if it has made no reference.</summary>
    public ProcessWorkingSet? Of(int pid) => _byPid.GetValueOrDefault(pid);

    /// <summary>A reference by <paramref name="process"/> to <paramref name="page"/> joins its working set.</summary>
    public void Record(Process process, PageNumber page)
    {
        ArgumentNullException.ThrowIfNull(process);
        var set = _last;
        if (!ReferenceEquals(set?.Process, process) && !_byPid.TryGetValue(process.Pid, out set))
        {
            set = new ProcessWorkingSet(process, Window);
            _byPid.Add(process.Pid, set);
            _inOrder.Add(set);
        }

        var before = set.Size;
        set.Reference(page);
        if (set.Process.IsRunning)
        {
            _demand += set.Size - before;
        }

        _last = set;
        _settledCrossing = 0;
    }

    /// <summary>
    /// References by <paramref name="process"/> that were all TLB hits, taken in bulk
    /// (<see cref="Machine.AccessRun"/>): each is recorded and settled in turn, as
    /// <see cref="Record"/> and <see cref="Settle"/> would have been one access at a time.
    /// </summary>
    public void RecordHits(Process process, ReadOnlySpan<MemoryAccess> hits, int offsetBits)
    {
        foreach (ref readonly var hit in hits)
        {
            Record(process, new PageNumber(hit.PageOf(offsetBits)));
            Settle();
        }
    }

    /// <summary>
    /// Counts the access of the last <see cref="Record"/> once it is over: the demand over the
    /// processes still running, its peak and whether it is above memory; under local
    /// replacement, whether the process's working set is above its quota.
    /// </summary>
    public void Settle()
    {
        var demand = Demand;
        References++;
        PeakDemand = Math.Max(PeakDemand, demand);
        var over = demand > Frames;
        if (over)
        {
            ReferencesOverMemory++;
            if (FirstReferenceOverMemory == 0)
            {
                FirstReferenceOverMemory = References;
            }
        }

        Cross(over);
        if (_quotaOf is not null && _last is { Process.IsRunning: true } set)
        {
            set.CompareWithQuota(_quotaOf(set.Process));
        }
    }

    /// <summary>
    /// A process is about to exit: until <see cref="SettleEnd"/>, <see cref="LastCrossing"/> is
    /// the exit's move, not the one the last reference made.
    /// </summary>
    public void BeginEnd() => _settledCrossing = 0;

    /// <summary>
    /// Takes the end of a process that was not ended by an access (its exit): it has left the
    /// demand, and the move across memory is its exit's, not the next reference's.
    /// </summary>
    public void SettleEnd() => Cross(Demand > Frames);

    // The move from the last settled state to over (or not): +1 above memory, -1 back within, 0 neither.
    private int Move(bool over) => over == _wasOver ? 0 : over ? 1 : -1;

    // Settles the state at over, keeping the move that reached it.
    private void Cross(bool over)
    {
        _settledCrossing = Move(over);
        _wasOver = over;
    }

    /// <summary>
    /// Starts the statistics again (peaks, means, counts), keeping every working set as it
    /// is: the end of a warm-up (<see cref="Machine.ResetCounters"/>).
    /// </summary>
    public void ResetStatistics()
    {
        References = 0;
        ReferencesOverMemory = 0;
        FirstReferenceOverMemory = 0;
        PeakDemand = 0;
        foreach (var set in _inOrder)
        {
            set.ResetStatistics();
        }
    }
}
