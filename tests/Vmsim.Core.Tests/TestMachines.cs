using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;

namespace Vmsim.Core.Tests;

/// <summary>Machines and strings the tests share.</summary>
internal static class TestMachines
{
    public const string Silberschatz = "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1";
    public const string Belady = "1 2 3 4 1 2 5 1 2 3 4 5";

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

    public static long Faults(string references, int frames, string policy) =>
        ReferenceStringRun.Run(ReferenceString.Parse(references), Checked(frames, policy)).Counters.Faults;

    public static VirtualAddress Page(Machine machine, ulong page) => machine.Geometry.AddressOf(new PageNumber(page));
}
