namespace Vmsim.Web.Snapshots;

// The state of the machine after one step, as the page draws it. Built on the server from
// the live machine; the page only lays it out.

/// <summary>Everything the page shows for one step.</summary>
/// <param name="Step">The step's number, from 0 (the set-up).</param>
/// <param name="LastStep">The run's last step.</param>
/// <param name="Label">Where the step is in the workload and what it was, in a line.</param>
/// <param name="Line">The scenario line, reference or trace access the step played, or 0.</param>
/// <param name="Explanation">What the step did, in sentences (Core's narrator's).</param>
/// <param name="Event">What the step was.</param>
/// <param name="Processes">Every process, with its regions and page table.</param>
/// <param name="Frames">The physical frames.</param>
/// <param name="Policy">The replacement policy.</param>
/// <param name="Tlb">The TLB's valid entries.</param>
/// <param name="Swap">The swap slots in use.</param>
/// <param name="Counters">The machine's counts.</param>
/// <param name="Trace">For a trace, the accesses around this one; null otherwise.</param>
/// <param name="WorkingSets">When the machine measures working sets, each process's and their demand against memory; null otherwise.</param>
/// <param name="Released">What the step gave back by ending a process (an OOM kill, a SIGSEGV, an exit); null when it ended none.</param>
/// <param name="FaultPath">For an access, its path through the machine stage by stage (Core's <see cref="Core.Simulation.FaultPath"/>):
/// a hit's TLB hit or walk, a fault's stages to its restart; null for any other step (the set-up, an operation, accesses not made).</param>
internal sealed record StepSnapshot(
    int Step,
    int LastStep,
    string Label,
    int Line,
    IReadOnlyList<string> Explanation,
    StepEvent Event,
    IReadOnlyList<ProcessView> Processes,
    FramesView Frames,
    PolicyView Policy,
    TlbView Tlb,
    SwapView Swap,
    IReadOnlyList<CounterRow> Counters,
    IReadOnlyList<TraceLine>? Trace = null,
    WorkingSetsView? WorkingSets = null,
    ReleasedView? Released = null,
    IReadOnlyList<FaultStageView>? FaultPath = null);

/// <summary>One stage of an access's path, as the fault-path panel lists it.</summary>
/// <param name="Kind">The stage's name: <c>tlb</c>, <c>walk</c>, <c>kernel</c>, <c>lookup</c>, <c>frame</c>, <c>fetch</c>, <c>page-table</c>, <c>restart</c>.</param>
/// <param name="Label">The stage's name in words, which the panel heads it with: <c>TLB</c>, <c>Walk</c>, <c>Kernel</c>, <c>Lookup</c>, <c>Frame</c>, <c>Fetch</c>, <c>Page table</c>, <c>Restart</c>.</param>
/// <param name="Text">What happened there, in Core's words, without the stage's name where they begin with it
/// (a lookup keeps its own, <c>Page cache: …</c>, <c>Swap cache: …</c>, <c>Copy-on-write: …</c>).</param>
internal sealed record FaultStageView(string Kind, string Label, string Text);

/// <summary>The frames and swap slots a step released by ending a process or unmapping memory, which the frames and swap panels mark.</summary>
/// <param name="Cause">What released them, in words: <c>the OOM kill</c>, <c>the SIGSEGV</c>, <c>the exit</c>, <c>the munmap</c>, <c>the brk</c>.</param>
/// <param name="Frames">The frames it freed (not those its evictions emptied).</param>
/// <param name="Slots">The swap slots it freed.</param>
internal sealed record ReleasedView(string Cause, IReadOnlyList<int> Frames, IReadOnlyList<int> Slots);

/// <summary>One access of a trace, as the source panel lists those around the current step.</summary>
/// <param name="Number">The access's number in the trace, from 1 (the step's <see cref="StepSnapshot.Line"/>).</param>
/// <param name="Text">The access: its kind, address and, for a trace of several processes, its process id.</param>
internal sealed record TraceLine(int Number, string Text);

/// <summary>What the step was: the set-up, an access (with its fault), an operation, or what was not done.</summary>
/// <param name="Type"><c>start</c>, <c>access</c>, <c>operation</c> or <c>skipped</c> (accesses, or an operation, of a process that had ended).</param>
/// <param name="Pid">The process it concerned, or 0.</param>
/// <param name="Page">The page accessed, as hex.</param>
/// <param name="Access"><c>read</c>, <c>write</c> or <c>execute</c>.</param>
/// <param name="Fault">The fault kind's name (<c>None</c> for a hit).</param>
/// <param name="FaultLabel">The fault kind in words.</param>
/// <param name="FaultClass"><c>hit</c>, <c>minor</c>, <c>major</c>, <c>segv</c> or <c>oom</c>.</param>
/// <param name="Frame">The frame the access reached.</param>
/// <param name="SourceFrame">For a copy, the frame copied from.</param>
/// <param name="TlbHit">True when the TLB held the translation.</param>
/// <param name="EvictedFrames">Frames emptied by eviction during the step: reclaim's victims and the pages a variable-space policy (ws) let go.</param>
/// <param name="Operation">The operation's name (fork, exit, ...).</param>
/// <param name="AccessesNotMade">For a <c>skipped</c> step of accesses not made because their
/// process had ended, how many (a run of them is one step); 0 for any other step.</param>
internal sealed record StepEvent(
    string Type,
    int Pid,
    string? Page,
    string? Access,
    string Fault,
    string FaultLabel,
    string FaultClass,
    int? Frame,
    int? SourceFrame,
    bool TlbHit,
    IReadOnlyList<int> EvictedFrames,
    string? Operation,
    int AccessesNotMade = 0);

/// <summary>A process with its regions and page table.</summary>
internal sealed record ProcessView(
    int Pid,
    string Name,
    string State,
    int ParentPid,
    string? EndReason,
    bool Current,
    int ResidentPages,
    long Accesses,
    long Faults,
    IReadOnlyList<RegionView> Regions,
    IReadOnlyList<PteView> Pages,
    int PagesNotShown);

/// <summary>A mapped region (VMA).</summary>
internal sealed record RegionView(string Start, string End, long Pages, string Protection, string Name, bool Shared, string Backing);

/// <summary>One page-table entry (or an untouched page of a small region).</summary>
/// <param name="Page">The virtual page, hex.</param>
/// <param name="Region">The region it lies in.</param>
/// <param name="State"><c>present</c>, <c>swapped</c> or <c>none</c>.</param>
/// <param name="Frame">The frame, when present.</param>
/// <param name="SwapSlot">The swap slot, when swapped.</param>
/// <param name="Read">R permission.</param>
/// <param name="Write">W permission.</param>
/// <param name="Execute">X permission.</param>
/// <param name="Accessed">A bit.</param>
/// <param name="Dirty">D bit.</param>
/// <param name="Cow">Copy-on-write bit.</param>
/// <param name="Current">True for the page the step accessed.</param>
/// <param name="InWorkingSet">When working sets are measured, whether the page is in its process's working set W(t, τ); null otherwise.</param>
internal sealed record PteView(
    string Page,
    string Region,
    string State,
    int? Frame,
    int? SwapSlot,
    bool Read,
    bool Write,
    bool Execute,
    bool Accessed,
    bool Dirty,
    bool Cow,
    bool Current,
    bool? InWorkingSet = null);

/// <summary>The physical frames.</summary>
internal sealed record FramesView(int Count, int Free, IReadOnlyList<FrameView> Rows, int NotShown);

/// <summary>One physical frame.</summary>
/// <param name="Frame">Its number.</param>
/// <param name="Use"><c>free</c>, <c>anon</c>, <c>file</c> or <c>shmem</c> (shared anonymous memory).</param>
/// <param name="OwnerPid">The process that brought the page in.</param>
/// <param name="Owner">That process, in words.</param>
/// <param name="Page">The page in the owner's address space, hex.</param>
/// <param name="Mappings">Every page-table entry that maps it, as <c>P2 0x10003</c>.</param>
/// <param name="Accessed">Any mapping's accessed bit.</param>
/// <param name="Dirty">Any mapping's dirty bit, or the page's own.</param>
/// <param name="SwapSlot">The swap slot holding a copy (the swap cache).</param>
/// <param name="File">For a file page, the file; for shared anonymous memory, its object (<c>shared anon #1</c>).</param>
/// <param name="FilePage">For a file page or shared anonymous memory, the page's index in it.</param>
/// <param name="LastUsedStep">The step whose access last reached this frame.</param>
/// <param name="PolicyState">The frame's place in the policy's eviction order and the policy's note on it (a counter, a last use, a list name).</param>
/// <param name="Marks">What the step did to the frame: <c>used</c>, <c>source</c> (copied or read from), <c>evicted</c>, <c>released</c> (freed by ending a process or unmapping memory),
/// <c>passed-over</c> (asked about by the policy while reclaim looked for a victim, and not taken: it keeps its page),
/// <c>second-chance</c> (its reference bit found set and cleared by the policy's search, which went on to another).</param>
/// <param name="PassedOver">For a frame passed over, why reclaim could not take it, in words; null otherwise.</param>
/// <param name="SecondChance">For a frame given a second chance, what that did, in words; null otherwise.</param>
internal sealed record FrameView(
    int Frame,
    string Use,
    int? OwnerPid,
    string? Owner,
    string? Page,
    IReadOnlyList<string> Mappings,
    bool Accessed,
    bool Dirty,
    int? SwapSlot,
    string? File,
    long? FilePage,
    int? LastUsedStep,
    string? PolicyState,
    IReadOnlyList<string> Marks,
    string? PassedOver = null,
    string? SecondChance = null);

/// <summary>The replacement policy and what can be shown of its state.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it does.</param>
/// <param name="StateLabel">The heading of the frames' policy column, or null when there is none.</param>
/// <param name="Note">What the page can and cannot show of the policy's state.</param>
internal sealed record PolicyView(string Name, string Description, string? StateLabel, string Note);

/// <summary>The TLB's valid entries.</summary>
internal sealed record TlbView(int Entries, int Ways, bool AsidTagged, IReadOnlyList<TlbRow> Rows, int NotShown);

/// <summary>One valid TLB entry.</summary>
internal sealed record TlbRow(int Slot, int Set, int Pid, string Page, int Frame, string Permissions, bool Current);

/// <summary>The swap device's slots in use.</summary>
internal sealed record SwapView(int Slots, int Used, IReadOnlyList<SwapRow> Rows, int NotShown);

/// <summary>One swap slot in use.</summary>
/// <param name="Slot">Its number.</param>
/// <param name="References">Its reference count.</param>
/// <param name="CachedFrame">The resident frame that still holds the page (swap cache), if any.</param>
/// <param name="HeldBy">The page-table entries that point to it, as <c>P2 0x10003</c>, and the shared anonymous memory whose page it holds, as <c>shared anon #1 p3</c>.</param>
/// <param name="Released">True for a slot this step freed by ending a process: no longer in use, listed to show what was freed.</param>
internal sealed record SwapRow(int Slot, int References, int? CachedFrame, IReadOnlyList<string> HeldBy, bool Released = false);

/// <summary>One running count.</summary>
/// <param name="Key">A stable name (<c>faults</c>, <c>cowCopy</c>, ...).</param>
/// <param name="Label">Its name in words.</param>
/// <param name="Value">The count, or for the fault rate, the rate.</param>
/// <param name="Group"><c>access</c>, <c>fault</c>, <c>kind</c>, <c>memory</c> or <c>tlb</c>.</param>
internal sealed record CounterRow(string Key, string Label, double Value, string Group);

/// <summary>
/// Denning's working sets after the step, as the machine's <see cref="Core.Simulation.WorkingSetMeter"/>
/// measures them: each process's W(t, τ), and the demand D, their sizes together over the
/// running processes, against the frames of memory (under local replacement, each process's
/// size against its own quota instead).
/// </summary>
/// <param name="Window">τ, in references of each process.</param>
/// <param name="Frames">The frames of memory the demand is compared with.</param>
/// <param name="Demand">D: the working-set sizes of the running processes together.</param>
/// <param name="ByQuota">True under local replacement, where each working set is compared with its process's quota.</param>
/// <param name="Crossing"><c>above</c> when this step took D above the frames, <c>within</c> when it made D fit
/// again, null when it did neither (and always under local replacement).</param>
/// <param name="Processes">Each process's working set, in pid order.</param>
internal sealed record WorkingSetsView(long Window, int Frames, long Demand, bool ByQuota, string? Crossing, IReadOnlyList<ProcessWorkingSetView> Processes);

/// <summary>One process's working set W(t, τ).</summary>
/// <param name="Pid">The process.</param>
/// <param name="Name">Its name.</param>
/// <param name="Running">False once it has ended: its working set is gone, and no longer counts in the demand.</param>
/// <param name="Pages">Its pages in ascending order, as the workload writes them: a reference string's page
/// numbers (<c>1</c>, <c>2</c>, <c>5</c>), otherwise as the page tables do (<c>0x10000</c>); at most
/// <see cref="WorkingSetsBuilder.MaxPages"/>. Empty once the process has ended.</param>
/// <param name="PagesNotShown">Pages of the working set left out of <paramref name="Pages"/>.</param>
/// <param name="Size">How many pages it has (0 once the process has ended).</param>
/// <param name="Resident">How many of them are in memory (present in its page table).</param>
/// <param name="Quota">Under local replacement, the process's quota of frames; null otherwise or once it has ended.</param>
internal sealed record ProcessWorkingSetView(int Pid, string Name, bool Running, IReadOnlyList<string> Pages, int PagesNotShown, int Size, int Resident, int? Quota);
