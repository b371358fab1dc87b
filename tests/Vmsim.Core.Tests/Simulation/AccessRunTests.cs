using System.Reflection;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Simulation;

/// <summary>
/// <see cref="Machine.AccessRun"/> takes TLB hits in bulk; whatever the policy, it must
/// leave the machine exactly as calling <see cref="Machine.Access"/> once per access does:
/// the same counts, the same page tables, the same TLB, the same processes killed.
/// </summary>
public class AccessRunTests
{
    public static TheoryData<string> Policies() => [.. PolicyCatalog.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Policies))]
    public void Runs_leave_the_machine_as_single_accesses_do(string policy)
    {
        // Seeds 1 to 4 cover a 4-way TLB (matched by vector), a 2-way one, a fully associative
        // one and a direct-mapped one (matched one way at a time), with and without ASID tags.
        // Each is run again measuring working sets, which must record hits taken in bulk as it
        // records them one by one (globally, and under local replacement against quotas).
        for (var seed = 1; seed <= 4; seed++)
        {
            foreach (var window in (long[])[0, 10])
            {
                var single = Replay(seed, policy, window, bulk: false);
                var bulk = Replay(seed, policy, window, bulk: true);
                Assert.Equal(single, bulk);
            }
        }
    }

    [Fact]
    public void A_run_stops_when_its_process_is_killed()
    {
        var machine = new Machine(new MachineConfig { Frames = 4, SwapSlots = 4 });
        var process = machine.Spawn("p");
        machine.Mmap(process, new PageNumber(0), 4, Protection.ReadWrite);
        var size = (ulong)machine.Geometry.PageSize;
        MemoryAccess[] run = [MemoryAccess.Read(0), MemoryAccess.Read(0), MemoryAccess.Read(9 * size), MemoryAccess.Read(size)];

        Assert.Equal(3, machine.AccessRun(process, run));
        Assert.Equal(ProcessState.Segv, process.State);
        Assert.Equal(3, machine.Counters.Accesses);
        Assert.Equal(1, machine.Counters.TlbHits);
    }

    // Two processes with a read-only and an executable area, accesses in runs of one process,
    // a few outside any area (SIGSEGV); returns everything the two ways must agree on.
    private static string Replay(int seed, string policy, long workingSetWindow, bool bulk)
    {
        var random = new Random(seed);
        var machine = new Machine(new MachineConfig
        {
            Frames = 8,
            SwapSlots = 64,
            TlbEntries = 8,
            TlbWays = seed switch { 1 => 4, 2 => 2, 3 => 8, _ => 1 },
            TlbAsidTagged = seed % 2 == 1,
            Policy = policy,
            TickInterval = 7,
            WorkingSetWindow = workingSetWindow,
            Scope = seed == 2 ? ReplacementScope.Local : ReplacementScope.Global,
            PolicyOptions = new PolicyOptions { Seed = seed, WorkingSetWindow = 20 },
        });
        var processes = new List<Process>();
        for (var i = 0; i < 2; i++)
        {
            var process = machine.Spawn($"p{i}");
            machine.Mmap(process, new PageNumber(0), 16, Protection.ReadWrite);
            machine.Mmap(process, new PageNumber(16), 4, Protection.Read, file: "lib", shared: false);
            machine.Mmap(process, new PageNumber(20), 4, Protection.ReadExecute, file: "text", shared: false);
            processes.Add(process);
        }

        var size = (ulong)machine.Geometry.PageSize;
        var runs = new List<(Process Process, MemoryAccess[] Run)>();
        for (var step = 0; step < 300; step++)
        {
            var process = processes[random.Next(processes.Count)];
            var run = new MemoryAccess[random.Next(1, 40)];
            for (var i = 0; i < run.Length; i++)
            {
                // Mostly a few hot pages, so that the TLB hits; now and then a page outside every area.
                var page = random.Next(1000) == 0 ? 30UL : (ulong)(random.Next(4) == 0 ? random.Next(24) : random.Next(3));
                var kind = page >= 20 ? AccessKind.Execute : page >= 16 ? AccessKind.Read : (AccessKind)random.Next(2);
                run[i] = new MemoryAccess((page * size) + (ulong)random.Next((int)size), kind, process.Pid, AccessContext.Unknown);
            }

            runs.Add((process, run));
        }

        WithNextUses(runs, machine.Geometry.OffsetBits);
        var made = new List<int>();
        foreach (var (process, run) in runs)
        {
            if (process.IsRunning)
            {
                made.Add(bulk ? machine.AccessRun(process, run) : OneByOne(machine, process, run));
            }
        }

        machine.CheckInvariants();
        return Describe(machine, processes, made);
    }

    // OPT needs each access's next use of its page by its process (the time counted as if no process were killed).
    private static void WithNextUses(List<(Process Process, MemoryAccess[] Run)> runs, int offsetBits)
    {
        var all = runs.SelectMany(r => r.Run.Select((_, i) => (r.Run, Index: i))).ToList();
        var next = new Dictionary<(int, ulong), long>();
        for (var t = all.Count - 1; t >= 0; t--)
        {
            var (run, index) = all[t];
            var access = run[index];
            var key = (access.Pid, access.PageOf(offsetBits));
            run[index] = access with { NextUse = next.GetValueOrDefault(key, AccessContext.Never) };
            next[key] = t;
        }
    }

    private static int OneByOne(Machine machine, Process process, MemoryAccess[] run)
    {
        var made = 0;
        foreach (var access in run)
        {
            machine.Access(process, new VirtualAddress(access.Address), access.Kind, access.NextUse);
            made++;
            if (!process.IsRunning)
            {
                break;
            }
        }

        return made;
    }

    private static string Describe(Machine machine, List<Process> processes, List<int> made)
    {
        var lines = new List<string> { $"made {string.Join(',', made)}", $"machine {CountsOf(machine.Counters)}", $"clock {machine.Clock.Now}" };
        foreach (var process in processes)
        {
            lines.Add($"{process} {process.State} {CountsOf(process.Counters)}");
            process.AddressSpace.PageTable.ForEachEntry((page, pte) => lines.Add($"  {page}: {pte.Entry.Flags} {pte.Entry.Value}"));
        }

        if (machine.WorkingSets is { } sets)
        {
            lines.Add($"working sets: peak {sets.PeakDemand}, {sets.References} references, {sets.ReferencesOverMemory} over memory from {sets.FirstReferenceOverMemory}");
            lines.AddRange(sets.Processes.Select(set =>
                $"  {set.Process}: {string.Join(',', set.Pages())} peak {set.Peak} mean {set.Mean} of {set.References}, quota {set.Quota} over {set.ReferencesOverQuota}"));
        }

        lines.AddRange(machine.Tlb.ValidEntries().Select(e => $"tlb {e.Slot} {e.Asid} {e.Page} {e.Frame} {e.Usage}"));
        return string.Join('\n', lines);
    }

    private static string CountsOf(Counters counters) =>
        string.Join(' ', typeof(Counters).GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => $"{f.Name}={f.GetValue(counters)}"));
}
