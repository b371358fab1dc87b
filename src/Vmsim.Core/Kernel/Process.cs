using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Kernel;

/// <summary>A simulated process: an address space, a state, and its own counters.</summary>
public sealed class Process
{
    internal Process(int pid, string name, int parentPid, PageGeometry geometry)
    {
        Pid = pid;
        Name = name;
        ParentPid = parentPid;
        AddressSpace = new AddressSpace(pid, geometry);
    }

    /// <summary>The process id; also its address space's ASID.</summary>
    public int Pid { get; }

    /// <summary>A name for reports.</summary>
    public string Name { get; }

    /// <summary>The parent's pid, or 0 for a process spawned by the machine.</summary>
    public int ParentPid { get; }

    /// <summary>The address space.</summary>
    public AddressSpace AddressSpace { get; }

    /// <summary>Running, or how it ended.</summary>
    public ProcessState State { get; internal set; }

    /// <summary>Why it ended, in words, when it was killed.</summary>
    public string? EndReason { get; internal set; }

    /// <summary>The most frames this process may hold under local replacement; 0 for an equal share.</summary>
    public int FrameQuota { get; internal set; }

    /// <summary>This process's own counts.</summary>
    public Counters Counters { get; } = new();

    /// <summary>True while the process is alive.</summary>
    public bool IsRunning => State == ProcessState.Running;

    /// <summary>Throws a <see cref="SimulationException"/> when the process has ended.</summary>
    internal void RequireRunning(string operation)
    {
        if (!IsRunning)
        {
            throw new SimulationException($"{operation}: {this} has already ended ({State.ToString().ToLowerInvariant()})");
        }
    }

    /// <summary>"P1 (init)", for reports.</summary>
    public override string ToString() => $"P{Pid} ({Name})";
}
