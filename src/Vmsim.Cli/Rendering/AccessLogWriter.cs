using System.Globalization;
using CsvHelper;
using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// The access log of a trace replay (<c>--access-log</c>): one CSV row per access of the trace,
/// written as the machine reports it, so that a script can set the replay beside another
/// simulator's access by access. Nothing is kept from row to row but the pages a pending access
/// evicted and the trace's process ids, so memory does not grow with the trace.
/// Columns: <c>access</c> (its 1-based index in the trace), <c>pid</c> (the trace's process id),
/// <c>address</c> (hexadecimal), <c>page</c> (decimal), <c>op</c> (R, W or X), <c>tlb</c> (hit or
/// miss), <c>outcome</c> (hit, or the fault's kind as the JSON names it: file-read, ...),
/// <c>frame</c> (empty when none), <c>evicted</c> (the pages evicted for the access or let go
/// after it, <c>pid:page</c> joined by spaces), <c>written_back</c> (yes or no for each of them,
/// in the same order), with a warm-up <c>warmup</c> (yes for the accesses it made), and with
/// <c>--log-policy</c> <c>policy</c>, the replacement policy's state after the access in the words
/// of <c>replay --steps</c>' Policy column, but every page, each <c>pid:page</c> with the page in
/// decimal as the <c>page</c> column (<see cref="TracePolicyStates"/>): a walk of the
/// policy's frames per access, built and written and then dropped, so memory stays bounded.
/// </summary>
internal sealed class AccessLogWriter : IMachineObserver
{
    /// <summary>The columns of the log, without <c>warmup</c>, in order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["access", "pid", "address", "page", "op", "tlb", "outcome", "frame", "evicted", "written_back"];

    private readonly CsvWriter _csv;
    private readonly TracePolicyStates _states;
    private readonly long _warmup;
    private readonly bool _policy;
    private readonly List<(int Pid, PageNumber Page, bool Dirty)> _evicted = [];
    private readonly System.Text.StringBuilder _text = new();

    /// <summary>
    /// Starts the log of <paramref name="replay"/> on <paramref name="csv"/> (made with
    /// <see cref="Options"/>) with its header, a <c>warmup</c> column when
    /// <paramref name="warmup"/>, the accesses of the warm-up, is above 0, and a <c>policy</c>
    /// column last when <paramref name="policy"/>.
    /// </summary>
    public AccessLogWriter(CsvWriter csv, TraceReplay replay, long warmup, bool policy = false)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(replay);
        _csv = csv;
        _states = new TracePolicyStates(replay);
        _warmup = warmup;
        _policy = policy;
        _csv.WriteHeader([.. Columns, .. warmup > 0 ? ["warmup"] : Array.Empty<string>(), .. policy ? ["policy"] : Array.Empty<string>()]);
    }

    /// <summary>How the log is written: RFC 4180 with lines ended by LF alone, as vmsim's other CSV.</summary>
    public static CsvWriterOptions Options { get; } = CsvWriterOptions.Default with { NewLine = "\n" };

    /// <summary>The rows written so far, one per access.</summary>
    public long Rows { get; private set; }

    /// <inheritdoc/>
    public void OnAccess(in AccessEvent access)
    {
        Rows++;
        _csv.WriteField(Rows);
        _csv.WriteField(TracePid(access.Pid));
        _csv.WriteField(access.Address.ToString());
        _csv.WriteField(access.Page.Value);
        _csv.WriteField(access.Kind switch { AccessKind.Write => "W", AccessKind.Execute => "X", _ => "R" });
        _csv.WriteField(access.TlbHit ? "hit" : "miss");
        _csv.WriteField(Words.FaultId(access.Fault));
        if (access.Frame.IsValid)
        {
            _csv.WriteField(access.Frame.Value);
        }
        else
        {
            _csv.WriteField(string.Empty);
        }

        _csv.WriteField(Evicted());
        _csv.WriteField(WrittenBack());
        if (_warmup > 0)
        {
            _csv.WriteField(Rows <= _warmup ? "yes" : "no");
        }

        if (_policy)
        {
            _csv.WriteField(_states.After(access, Rows).Text());
        }

        _csv.EndRecord();
        _evicted.Clear();
    }

    /// <inheritdoc/>
    public void OnEviction(in EvictionEvent eviction) => _evicted.Add((eviction.Owner, eviction.Page, eviction.Dirty));

    /// <inheritdoc/>
    public void OnOomKill(in OomKillEvent kill)
    {
        // A trace's pages are a file's, always evictable: no kill to log.
    }

    /// <inheritdoc/>
    public void OnOperation(OperationEvent operation)
    {
        // The spawn and mmap of each trace process are not accesses of the trace.
    }

    private string Evicted()
    {
        if (_evicted.Count == 0)
        {
            return string.Empty;
        }

        _text.Clear();
        foreach (var (pid, page, _) in _evicted)
        {
            _text.Append(CultureInfo.InvariantCulture, $"{(_text.Length == 0 ? string.Empty : " ")}{TracePid(pid)}:{page.Value}");
        }

        return _text.ToString();
    }

    private string WrittenBack() => _evicted.Count switch
    {
        0 => string.Empty,
        1 => _evicted[0].Dirty ? "yes" : "no",
        _ => string.Join(' ', _evicted.Select(e => e.Dirty ? "yes" : "no")),
    };

    private int TracePid(int pid) => _states.TracePid(pid);
}
