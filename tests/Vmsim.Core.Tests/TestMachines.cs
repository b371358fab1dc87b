using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Core.Tests;

/// <summary>Machines and strings the tests share.</summary>
internal static class TestMachines
{
    public const string Silberschatz = "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1";
    public const string Belady = "1 2 3 4 1 2 5 1 2 3 4 5";

    /// <summary>
    /// A scenario whose last step is a copy-on-write fault the OOM killer has to end: b writes
    /// its heap page, which it shares with its child c1, when no frame is free and nothing can
    /// be evicted (no swap). The killer ends c1, whose pages b keeps mapped so that killing it
    /// frees no frame, then b itself, while the page b was copying from is pinned.
    /// </summary>
    public const string CopyOnWriteIntoOom = """
        machine: { frames: 3, swap: 0, policy: 2q }
        processes:
          - name: a
            regions:
              - { name: heap, start: 0x10000000, pages: 6, prot: rw- }
              - { name: pv, start: 0x30000000, pages: 4, prot: rw-, file: /data }
          - name: b
            regions:
              - { name: heap, start: 0x10000000, pages: 6, prot: rw- }
              - { name: shm, start: 0x40000000, pages: 3, prot: rw-, shared: true }
        script:
          - { touch: a, region: heap, pages: 5, access: write }
          - { touch: a, region: pv, pages: 0, access: write }
          - { touch: b, region: heap, pages: 4, access: write }
          - { fork: b, child: c1 }
          - { touch: c1, region: shm, pages: 1, access: read }
          - { touch: c1, region: shm, pages: 2, access: write }
          - { touch: b, region: shm, pages: 1, access: write }
          - { touch: b, region: heap, pages: 4, access: write }
        """;

    /// <summary>A small machine that checks every invariant after each step.</summary>
    public static MachineConfig Checked(int frames = 4, string policy = "fifo", int swap = 16, int tlb = 8) => new()
    {
        Frames = frames,
        Policy = policy,
        SwapSlots = swap,
        TlbEntries = tlb,
        TlbWays = Math.Min(2, Math.Max(1, tlb)),
        CheckInvariants = true,
    };

    /// <summary>
    /// Reads the scenario <paramref name="yaml"/> as the file <paramref name="file"/> and runs it to
    /// its end with a step recorder attached, on the machine it describes, checking every invariant
    /// after each step when <paramref name="checkInvariants"/> says so.
    /// </summary>
    public static (ScenarioRun Run, StepRecorder Recorder, ScenarioResult Result) RunRecorded(string yaml, string file, bool checkInvariants = false)
    {
        var scenario = ScenarioReader.Parse(yaml, file);
        var run = new ScenarioRun(scenario, checkInvariants ? scenario.Machine with { CheckInvariants = true } : null);
        var recorder = new StepRecorder();
        recorder.Attach(run.Machine);
        var result = run.RunToEnd();
        return (run, recorder, result);
    }

    public static long Faults(string references, int frames, string policy) =>
        ReferenceStringRun.Run(ReferenceString.Parse(references), Checked(frames, policy)).Counters.Faults;

    public static VirtualAddress Page(Machine machine, ulong page) => machine.Geometry.AddressOf(new PageNumber(page));
}
