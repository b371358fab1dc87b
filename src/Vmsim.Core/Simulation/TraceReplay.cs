using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Simulation;

/// <summary>
/// Replays a memory trace through the whole machine: TLB, page-table walk, faults,
/// reclaim and write-back, with no memory map of the program. Every address of the
/// trace is valid, readable, writable and executable, and backed by a backing store (a
/// shared file mapping over the whole address space of each process): the first touch
/// of a page is a fault, and so is a touch after eviction, so for FIFO, LRU, OPT and
/// cold-insert CLOCK the fault count equals the miss count of the standard cache
/// simulator. Each process id in the trace gets its own process. Memory grows with the
/// trace's footprint (distinct pages), never with its length.
/// </summary>
public sealed class TraceReplay
{
    /// <summary>The name of the backing store of a trace's pages (one file per process id, named after it).</summary>
    public const string BackingStore = "trace-backing-store";

    // Accesses are read in batches of this many: large enough to amortise the reader's
    // call, small enough to stay in the L1/L2 cache.
    private const int BatchSize = 4096;

    private readonly Dictionary<int, Process> _processes = [];
    private int _lastPid = int.MinValue;
    private Process? _last;

    /// <summary>Prepares a replay on a machine built from <paramref name="config"/>.</summary>
    public TraceReplay(MachineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Machine = new Machine(config);
    }

    /// <summary>The machine the trace runs on; attach observers before <see cref="Run"/>.</summary>
    public Machine Machine { get; }

    /// <summary>
    /// Accesses that warm the machine up and are left out of its counts: after this many
    /// (0, the default: none), <see cref="Machine.ResetCounters"/> sets the counts to zero,
    /// so that they describe the rest of the trace on a machine already filled by its start.
    /// </summary>
    public long Warmup
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <summary>Accesses replayed so far, the warm-up included.</summary>
    public long Replayed { get; private set; }

    /// <summary>The trace's name in errors: its file, or "trace" when not given.</summary>
    public string Source { get; init; } = "trace";

    /// <summary>The processes, by the trace's process ids.</summary>
    public IReadOnlyDictionary<int, Process> Processes => _processes;

    /// <summary>
    /// Replays every access of <paramref name="reader"/>. <paramref name="progress"/>, if given,
    /// hears the accesses replayed so far after each batch. Returns the number of accesses.
    /// </summary>
    public long Run(ITraceReader reader, IProgress<long>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var buffer = new MemoryAccess[BatchSize];
        var start = Replayed;
        int count;
        while ((count = reader.Read(buffer)) > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            Replay(buffer.AsSpan(0, count));
            progress?.Report(Replayed - start);
        }

        return Replayed - start;
    }

    /// <summary>Replays one batch of accesses, in order; the counts restart where the warm-up ends.</summary>
    public void Replay(ReadOnlySpan<MemoryAccess> accesses)
    {
        var warm = TraceWarmup.Within(Warmup, Replayed, accesses.Length);
        if (warm > 0)
        {
            ReplayRuns(accesses[..warm]);
            Replayed += warm;
            if (Replayed == Warmup)
            {
                Machine.ResetCounters();
            }

            accesses = accesses[warm..];
        }

        ReplayRuns(accesses);
        Replayed += accesses.Length;
    }

    private void ReplayRuns(ReadOnlySpan<MemoryAccess> accesses)
    {
        var machine = Machine;
        var before = Replayed;
        var whole = accesses;
        while (!accesses.IsEmpty)
        {
            // A run of accesses by one process goes to the machine in one call.
            var pid = accesses[0].Pid;
            var length = 1;
            while (length < accesses.Length && accesses[length].Pid == pid)
            {
                length++;
            }

            var process = pid == _lastPid ? _last! : ProcessFor(pid);

            // A process killed by the OOM killer makes no more accesses, as a real program would not.
            if (process.IsRunning)
            {
                var made = machine.AccessRun(process, accesses[..length]);
                if (process.State == ProcessState.Segv)
                {
                    // The access that killed it is the last one made.
                    throw OutsideAddressSpace(before + (whole.Length - accesses.Length) + made - 1, accesses[made - 1]);
                }
            }

            accesses = accesses[length..];
        }
    }

    // Every address of the address space is mapped, readable, writable and executable, so the
    // one access that can kill a trace's process is one the page table cannot reach at all. The
    // replay stops there rather than go on without the process's later accesses.
    private InputFormatException OutsideAddressSpace(long index, in MemoryAccess access)
    {
        var geometry = Machine.Geometry;
        var address = new VirtualAddress(access.Address);
        var where = geometry.SignExtended
            ? $"{geometry.Outside(address)}; with {geometry.PageSize:N0}-byte pages, its pages are numbered below {geometry.PageCount:N0}"
            : $"outside the {geometry.AddressBits}-bit address space of {geometry.Name} with {geometry.PageSize:N0}-byte pages, whose pages are numbered below {geometry.PageCount:N0}";

        // A kernel address is in the kernel half of any wider geometry too: a trace of user space leaves it out.
        var remedy = geometry.InKernelHalf(address) ? "leave the kernel's accesses out of the trace, or, "
            : geometry.AddressBits < PageGeometry.X64FiveLevel.AddressBits ? "give a geometry with wider addresses (--geometry x86-64-5level: 57 bits), or, "
            : string.Empty;
        return new InputFormatException(Source, 0, 0,
            $"access {index + 1:N0} of the trace is at 0x{access.Address:x} (page {access.Address >> geometry.OffsetBits:N0}), {where}: {remedy}"
            + "for page numbers that no page table reaches (hashed object ids), use the exact LRU curve (vmsim mrc), which takes any");
    }

    /// <summary>The name of the process that makes the accesses of process id <paramref name="pid"/>.</summary>
    public static string ProcessName(int pid) => pid == 0 ? "trace" : $"trace pid {pid}";

    /// <summary>
    /// The region the process of <paramref name="pid"/> maps: its own backing file, shared, over
    /// the whole address space of <paramref name="geometry"/>, so that the same address in two
    /// processes is two pages.
    /// </summary>
    public static RegionSpec BackingStoreOf(int pid, PageGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return new RegionSpec(BackingStore, new PageNumber(0), geometry.PageCount, Protection.All, $"{BackingStore}/{pid}", 0, Shared: true);
    }

    private Process ProcessFor(int pid)
    {
        if (!_processes.TryGetValue(pid, out var process))
        {
            process = Machine.Spawn(ProcessName(pid));
            Machine.Mmap(process, BackingStoreOf(pid, Machine.Geometry));
            _processes.Add(pid, process);
        }

        _lastPid = pid;
        _last = process;
        return process;
    }
}
