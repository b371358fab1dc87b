using System.Text.Json.Nodes;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// Listens to the recorded steps of a trace replay and keeps the policy's state after each of
/// their accesses (<see cref="TracePolicyStates"/>), in order: for <c>steps[].policy</c> in the
/// JSON of <c>replay --steps</c>, each state whole, as its JSON, packed as soon as it is made
/// (<see cref="StatesJson"/>, <see cref="PackedJson"/>); for its table, only the text of each
/// Policy cell and what the legend under it needs (<see cref="Cells"/>, <see cref="Legend"/>), so
/// that memory grows with the steps alone, not with steps × frames.
/// </summary>
internal sealed class PolicyStepLog : IMachineObserver
{
    private readonly TracePolicyStates _states;
    private readonly bool _whole;
    private readonly int _perList;
    private readonly List<JsonNode> _steps = [];
    private readonly TraceReplay _replay;
    private readonly List<string> _cells = [];
    private readonly List<string> _pidCells = [];
    private readonly PolicyLegend _legend = new();
    private long _heard;

    /// <summary>
    /// Keeps the states of <paramref name="replay"/>'s policy: whole when <paramref name="whole"/>
    /// (for JSON), else as table cells of at most <paramref name="perList"/> pages of each list,
    /// written in decimal when <paramref name="decimalPages"/>, else in hexadecimal.
    /// </summary>
    public PolicyStepLog(TraceReplay replay, bool whole, int perList, bool decimalPages)
    {
        _states = new TracePolicyStates(replay);
        _replay = replay;
        _whole = whole;
        _perList = perList;
        DecimalPages = decimalPages;
    }

    /// <summary>True when the cells write pages in decimal, false in hexadecimal, as the narration writes them.</summary>
    public bool DecimalPages { get; }

    /// <summary>
    /// The JSON of the policy's state after each access heard so far (<see cref="PolicyState.Json"/>),
    /// packed, the first access first; none unless kept whole.
    /// </summary>
    public IReadOnlyList<JsonNode> StatesJson => _steps;

    /// <summary>
    /// The Policy cell of each access heard, the first first; none when states are kept whole. The
    /// table decides once for all its rows: pages are written <c>pid:page</c> in every cell when the
    /// replay had more than one process, plain when it had one.
    /// </summary>
    public IReadOnlyList<string> Cells => SeveralProcesses ? _pidCells : _cells;

    /// <summary>True when some cell left pages out (a list of more pages than a cell shows).</summary>
    public bool LeftOut { get; private set; }

    /// <summary>The sentence under the table for <see cref="Cells"/> (<see cref="PolicyLegend.Text"/>).</summary>
    public string Legend(string policy) => _legend.Text(policy, "access", pids: SeveralProcesses);

    private bool SeveralProcesses => _replay.Processes.Count > 1;

    /// <inheritdoc/>
    public void OnAccess(in AccessEvent access)
    {
        var state = _states.After(access, ++_heard);
        if (_whole)
        {
            _steps.Add(PackedJson.Pack(state.Json()));
            return;
        }

        // The process count only grows: once there are several, only pid cells are read; until
        // then each step's cell is made both ways, in one walk of the state.
        bool leftOut;
        if (SeveralProcesses)
        {
            _pidCells.Add(state.Lines(_perList, DecimalPages, out leftOut));
        }
        else
        {
            var (withPids, plain) = state.LinesBothWays(_perList, DecimalPages, out leftOut);
            _pidCells.Add(withPids);
            _cells.Add(plain);
        }

        LeftOut |= leftOut;
        _legend.Add(state);
    }

    /// <inheritdoc/>
    public void OnEviction(in EvictionEvent eviction)
    {
    }

    /// <inheritdoc/>
    public void OnOomKill(in OomKillEvent kill)
    {
    }

    /// <inheritdoc/>
    public void OnOperation(OperationEvent operation)
    {
    }
}
