using Vmsim.Core.Addressing;
using Vmsim.Core.Workloads.Scenarios;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Simulation;

/// <summary>
/// The start of a memory trace as a scenario, so that it can be stepped like one (the
/// visualizer does): each process id becomes a process at its first access, spawned and
/// mapped as <see cref="TraceReplay"/> spawns and maps it, and each access is a touch of its
/// address. Played by <see cref="ScenarioRun"/>, it leaves the machine that
/// <see cref="TraceReplay"/> leaves after the same accesses.
/// </summary>
public static class TraceScenario
{
    /// <summary>
    /// Reads accesses from <paramref name="reader"/> until the scenario has
    /// <paramref name="maxSteps"/> steps (one for each access, one for each process spawned) or
    /// the trace ends. <paramref name="truncated"/> tells whether the trace had more. Reads no
    /// further than one access past the cut, so a bad record later in the file does not matter.
    /// </summary>
    public static IReadOnlyList<MemoryAccess> ReadStart(ITraceReader reader, int maxSteps, out bool truncated)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSteps);
        var accesses = new List<MemoryAccess>();
        var pids = new HashSet<int>();
        var buffer = new MemoryAccess[4096];
        while (true)
        {
            // An access takes at most two steps (a new process's start, then itself): read no more
            // than surely fit, and when none surely does, one, to see whether it fits or the trace goes on.
            var room = Math.Clamp((maxSteps - accesses.Count - pids.Count) / 2, 1, buffer.Length);
            var read = reader.Read(buffer.AsSpan(0, room));
            if (read == 0)
            {
                truncated = false;
                return accesses;
            }

            foreach (var access in buffer.AsSpan(0, read))
            {
                var steps = accesses.Count + pids.Count + 1 + (pids.Contains(access.Pid) ? 0 : 1);
                if (steps > maxSteps)
                {
                    truncated = true;
                    return accesses;
                }

                pids.Add(access.Pid);
                accesses.Add(access);
            }
        }
    }

    /// <summary>
    /// The accesses as a scenario named <paramref name="source"/> on <paramref name="config"/>'s
    /// machine: access <em>k</em> (from 1) is the step of line <em>k</em>, and a process's spawn
    /// has the line of its first access. Throws <see cref="SimulationException"/> naming the
    /// first access whose address lies outside the address space.
    /// </summary>
    public static Scenario Build(IReadOnlyList<MemoryAccess> accesses, MachineConfig config, string source)
    {
        ArgumentNullException.ThrowIfNull(accesses);
        ArgumentNullException.ThrowIfNull(config);
        var geometry = config.Geometry;
        for (var i = 0; i < accesses.Count; i++)
        {
            if (!geometry.Contains(new PageNumber(accesses[i].Address >> geometry.OffsetBits)))
            {
                throw new SimulationException($"access {i + 1:N0} is at 0x{accesses[i].Address:x}, {geometry.Outside(new VirtualAddress(accesses[i].Address))}");
            }
        }

        var script = new List<ScenarioStep>(accesses.Count + 1);
        var spawned = new HashSet<int>();
        for (var i = 0; i < accesses.Count; i++)
        {
            var access = accesses[i];
            var name = TraceReplay.ProcessName(access.Pid);
            if (spawned.Add(access.Pid))
            {
                script.Add(new SpawnStep(i + 1, name, 0, [TraceReplay.BackingStoreOf(access.Pid, geometry)]));
            }

            script.Add(new TouchStep(i + 1, name, null, new VirtualAddress(access.Address), 0, 1,
                AccessPattern.Sequential, Count: 1, Times: 1, access.Kind, WriteFraction: null, Exponent: 1.0, Seed: 0));
        }

        return new Scenario(source, "Memory trace", null, config, [], script);
    }
}
