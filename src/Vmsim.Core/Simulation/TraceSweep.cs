using System.Runtime.ExceptionServices;
using Vmsim.Core.Analysis;
using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Simulation;

/// <summary>One run of a sweep: a policy at a memory size.</summary>
/// <param name="Policy">The policy's name, as the catalog has it.</param>
/// <param name="Frames">Physical frames.</param>
public sealed record SweepJob(string Policy, int Frames)
{
    /// <summary>The policy's own options (a <see cref="PolicyVariant"/>'s), or null for the machine's.</summary>
    public PolicyOptions? Options { get; init; }

    /// <summary>What the results call the policy: its name, or the variant's label (<c>2q:kin=0.1</c>).</summary>
    public string Label { get; init; } = Policy;
}

/// <summary>What one run of a sweep counted.</summary>
/// <param name="Policy">The policy, as the job labels it.</param>
/// <param name="Frames">Physical frames.</param>
/// <param name="Accesses">Accesses replayed.</param>
/// <param name="Faults">Page faults (misses).</param>
/// <param name="Evictions">Pages evicted.</param>
/// <param name="Writebacks">Dirty pages written back.</param>
public sealed record SweepPoint(string Policy, int Frames, long Accesses, long Faults, long Evictions, long Writebacks)
{
    /// <summary>Faults per access, from 0 to 1.</summary>
    public double MissRatio => Accesses == 0 ? 0 : (double)Faults / Accesses;
}

/// <summary>What a sweep is doing, for a progress display on another thread: every field may be read at any time.</summary>
public sealed class SweepProgress
{
    private long _bytesRead;
    private long _accessesDone;
    private int _jobsDone;

    /// <summary>True while the trace is being read (into memory, or to count it); false once the runs have started.</summary>
    public bool Reading { get; internal set; } = true;

    /// <summary>Bytes of the input read so far while <see cref="Reading"/>.</summary>
    public long BytesRead => Volatile.Read(ref _bytesRead);

    /// <summary>The input's length in bytes when known.</summary>
    public long? Length { get; internal set; }

    /// <summary>Runs in the sweep.</summary>
    public int Jobs { get; internal set; }

    /// <summary>Runs finished.</summary>
    public int JobsDone => Volatile.Read(ref _jobsDone);

    /// <summary>Accesses replayed so far, over all runs.</summary>
    public long AccessesDone => Volatile.Read(ref _accessesDone);

    /// <summary>Accesses all runs replay together.</summary>
    public long AccessesTotal { get; internal set; }

    internal void SetBytesRead(long bytes) => Volatile.Write(ref _bytesRead, bytes);

    internal void AddAccesses(long count) => Interlocked.Add(ref _accessesDone, count);

    internal void JobDone() => Interlocked.Increment(ref _jobsDone);
}

/// <summary>
/// The trace of a sweep, read once: held in memory (<see cref="MemoryTrace"/>) when it fits the
/// budget, so that every run replays the same accesses without reading or parsing again;
/// otherwise each run reads it from the start itself. Either way its length and footprint are
/// known before the runs start.
/// </summary>
public sealed class SweepSource
{
    private readonly Func<ITraceReader>? _open;

    private SweepSource(Func<ITraceReader>? open, MemoryTrace? memory, int pageSize, long accesses, long distinctPages, string source, string format, bool carriesFuture)
    {
        _open = open;
        Memory = memory;
        PageSize = pageSize;
        Accesses = accesses;
        DistinctPages = distinctPages;
        Source = source;
        Format = format;
        CarriesFuture = carriesFuture;
    }

    /// <summary>The trace in memory, or null when each run reads it.</summary>
    public MemoryTrace? Memory { get; }

    /// <summary>True when the trace is held in memory.</summary>
    public bool InMemory => Memory is not null;

    /// <summary>The page size the footprint was counted with, and the runs must use.</summary>
    public int PageSize { get; }

    /// <summary>Accesses in the trace.</summary>
    public long Accesses { get; }

    /// <summary>Distinct pages the trace touches (told apart by process): its footprint.</summary>
    public long DistinctPages { get; }

    /// <summary>The name of the input.</summary>
    public string Source { get; }

    /// <summary>The trace's format.</summary>
    public string Format { get; }

    /// <summary>True when the format itself carries each access's next use (oracleGeneral).</summary>
    public bool CarriesFuture { get; }

    /// <summary>
    /// Reads the trace that <paramref name="open"/> opens: into memory if its accesses take at most
    /// <paramref name="memoryBudgetBytes"/>, otherwise once through to count it (then every run
    /// calls <paramref name="open"/> again, so it must give the same trace each time).
    /// </summary>
    /// <param name="open">Opens the trace from its start.</param>
    /// <param name="pageSize">Bytes in a page, for the footprint.</param>
    /// <param name="memoryBudgetBytes">The most memory the accesses may take (24 bytes each); 0 to always stream.</param>
    /// <param name="progress">Told the bytes read, if given.</param>
    public static SweepSource Prepare(Func<ITraceReader> open, int pageSize, long memoryBudgetBytes, SweepProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        var offsetBits = TraceText.OffsetBits(pageSize);
        MemoryTrace? memory;
        using (var reader = open())
        {
            if (progress is not null)
            {
                progress.Length = reader.Length;
            }

            memory = MemoryTrace.TryLoad(reader, memoryBudgetBytes, progress is null ? null : new ProgressCallback(_ => progress.SetBytesRead(reader.BytesRead)));
        }

        if (memory is not null)
        {
            return FromMemory(memory, pageSize, open);
        }

        // Too large to hold: one pass to count it, with memory for the distinct pages only.
        using var again = open();
        var pages = new HashSet<PageKey>();
        var buffer = new MemoryAccess[4096];
        long count = 0;
        var future = false;
        for (int n; (n = again.Read(buffer)) > 0;)
        {
            future |= count == 0 && buffer[0].NextUse != AccessContext.Unknown;
            PageKey.AddPages(pages, buffer.AsSpan(0, n), offsetBits);

            count += n;
            progress?.SetBytesRead(again.BytesRead);
        }

        return new SweepSource(open, null, pageSize, count, pages.Count, again.Source, again.Format, future);
    }

    /// <summary>A source over a trace already in memory.</summary>
    public static SweepSource FromMemory(MemoryTrace trace, int pageSize) => FromMemory(trace, pageSize, null);

    /// <summary>
    /// Opens the trace for one run; with <paramref name="future"/>, its accesses carry their next
    /// use (from <paramref name="nextUses"/> when the trace is streamed and its format lacks them).
    /// </summary>
    internal ITraceReader Open(bool future, NextUseFile? nextUses)
    {
        if (Memory is not null)
        {
            return Memory.OpenReader();
        }

        return future && !CarriesFuture ? nextUses!.Open(_open!()) : _open!();
    }

    /// <summary>True when runs that need the future need a next-use pre-pass over the file.</summary>
    internal bool NeedsPrepass => Memory is null && !CarriesFuture;

    /// <summary>The next-use pre-pass over the streamed trace, for every run that needs the future to share.</summary>
    internal NextUseFile ComputeNextUses() => NextUsePrepass.Compute(_open!, PageSize);

    private static SweepSource FromMemory(MemoryTrace trace, int pageSize, Func<ITraceReader>? open)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return new SweepSource(open, trace, pageSize, trace.Count, trace.DistinctPages(pageSize), trace.Source, trace.Format, trace.HasFuture);
    }
}

/// <summary>
/// Every policy at every memory size over one trace: each run its own machine replaying the
/// whole trace through <see cref="TraceReplay"/>, the runs spread over the cores. The runs
/// share nothing but the trace (read-only), and each result is stored at its run's place, so
/// the results are the same whatever the number of cores and whichever finishes first.
/// </summary>
public static class TraceSweep
{
    /// <summary>
    /// The runs of <paramref name="policies"/> × <paramref name="frames"/>, policy-major: all sizes
    /// of the first policy, then of the second.
    /// </summary>
    public static IReadOnlyList<SweepJob> Jobs(IReadOnlyList<string> policies, IReadOnlyList<int> frames)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(frames);
        return [.. policies.SelectMany(p => frames.Select(f => new SweepJob(p, f)))];
    }

    /// <summary>
    /// The runs of <paramref name="variants"/> × <paramref name="frames"/>, variant-major, each with
    /// its variant's options and labelled by it.
    /// </summary>
    public static IReadOnlyList<SweepJob> Jobs(IReadOnlyList<PolicyVariant> variants, IReadOnlyList<int> frames)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(frames);
        return [.. variants.SelectMany(v => frames.Select(f => new SweepJob(v.Policy, f) { Options = v.Options, Label = v.Label }))];
    }

    /// <summary>True when <paramref name="policy"/> needs each access's next use (OPT).</summary>
    public static bool NeedsFuture(string policy, PolicyOptions? options = null) =>
        (PolicyCatalog.Create(policy, options).Needs & PolicyNeeds.Future) != 0;

    /// <summary>
    /// Runs every job of <paramref name="jobs"/> on a machine built from <paramref name="baseConfig"/>
    /// with the job's policy and frames, <paramref name="parallelism"/> at a time, and returns the
    /// results in the order of <paramref name="jobs"/>. A policy that needs the future gets it: a
    /// trace in memory has its next uses computed once, before the runs; a streamed trace whose
    /// format lacks them goes through <see cref="NextUsePrepass"/> once, and the runs share its file.
    /// In every run the first <paramref name="warmup"/> accesses fill the machine and are left out
    /// of its counts (<see cref="TraceReplay.Warmup"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The page size of <paramref name="baseConfig"/> is not the one <paramref name="source"/> was prepared with.</exception>
    public static IReadOnlyList<SweepPoint> Run(SweepSource source, MachineConfig baseConfig, IReadOnlyList<SweepJob> jobs, int parallelism, long warmup = 0, SweepProgress? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(baseConfig);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        if (baseConfig.Geometry.PageSize != source.PageSize)
        {
            throw new ArgumentException($"the trace was prepared with {source.PageSize}-byte pages but the machine has {baseConfig.Geometry.PageSize}-byte pages", nameof(baseConfig));
        }

        var future = jobs.Select(j => NeedsFuture(j.Policy, j.Options ?? baseConfig.PolicyOptions)).ToArray();
        if (source.Memory is { HasFuture: false } memory && future.Any(f => f))
        {
            memory.ComputeFuture(source.PageSize);
        }

        if (progress is not null)
        {
            progress.Jobs = jobs.Count;
            progress.AccessesTotal = source.Accesses * jobs.Count;
            progress.Reading = false;
        }

        var results = new SweepPoint[jobs.Count];
        using var nextUses = source.NeedsPrepass && future.Any(f => f) ? source.ComputeNextUses() : null;
        try
        {
            Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation }, i =>
            {
                results[i] = RunOne(source, baseConfig, jobs[i], future[i], nextUses, warmup, progress, cancellation);
                progress?.JobDone();
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Bad input found by a run is the same error a single replay would give.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        return results;
    }

    /// <summary>
    /// The frames a run of <paramref name="frames"/> needs to simulate over a trace of
    /// <paramref name="footprint"/> distinct pages. Under global replacement a memory at least
    /// as large as the footprint never evicts, so every such size gives the same counts (each
    /// page's first touch, nothing else) and the run takes the footprint's frames alone, however
    /// large the size asked for. Under local replacement each process's quota depends on the
    /// frames, so they are kept.
    /// </summary>
    public static int FramesToSimulate(MachineConfig config, int frames, long footprint)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Scope == ReplacementScope.Global ? (int)Math.Min(frames, Math.Max(1, footprint)) : frames;
    }

    private static SweepPoint RunOne(SweepSource source, MachineConfig baseConfig, SweepJob job, bool future, NextUseFile? nextUses, long warmup, SweepProgress? progress, CancellationToken cancellation)
    {
        var frames = FramesToSimulate(baseConfig, job.Frames, source.DistinctPages);
        var replay = new TraceReplay(baseConfig with { Policy = job.Policy, Frames = frames, PolicyOptions = job.Options ?? baseConfig.PolicyOptions }) { Warmup = warmup, Source = source.Source };
        using (var reader = source.Open(future, nextUses))
        {
            long reported = 0;
            var report = progress is null ? null : new ProgressCallback(total =>
            {
                progress.AddAccesses(total - reported);
                reported = total;
            });
            replay.Run(reader, report, cancellation);
        }

        var c = replay.Machine.Counters;
        return new SweepPoint(job.Label, job.Frames, c.Accesses, c.Faults, c.Evictions, c.Writebacks);
    }
}
