using CsvHelper;
using Vmsim.Cli.Rendering;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Memory;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Tests.Rendering;

public sealed class AccessLogWriterTests
{
    [Fact]
    public void Pages_evicted_for_one_access_are_joined_in_one_row_with_the_trace_s_pids_and_a_write_back_each()
    {
        var replay = new TraceReplay(new MachineConfig { Frames = 4 });
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, AccessLogWriter.Options, leaveOpen: true))
        {
            var log = new AccessLogWriter(csv, replay, warmup: 0);
            replay.Machine.Observer = log;
            replay.Replay([new MemoryAccess(0x5000, AccessKind.Write, 42, AccessContext.Unknown), new MemoryAccess(0x9000, AccessKind.Read, 7, AccessContext.Unknown)]);
            var p42 = replay.Processes[42].Pid;
            var p7 = replay.Processes[7].Pid;

            // A fault that evicts a dirty page of one process and then lets a clean page of another go.
            log.OnEviction(new EvictionEvent(new FrameNumber(0), p42, new PageNumber(5), FrameUse.File, Dirty: true, SwapSlot.None, [], 0, 5, EvictionCause.MemoryFull));
            log.OnEviction(new EvictionEvent(new FrameNumber(1), p7, new PageNumber(9), FrameUse.File, Dirty: false, SwapSlot.None, [], 1, 9, EvictionCause.Departure));
            log.OnAccess(new AccessEvent(2, p7, new VirtualAddress(0xa000), new PageNumber(10), AccessKind.Read, false, FaultKind.FileRead, FaultResult.Major, new FrameNumber(0), FrameNumber.None, SwapSlot.None, SegvReason.None));
        }

        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n');

        Assert.Equal(
            [
                "access,pid,address,page,op,tlb,outcome,frame,evicted,written_back",
                "1,42,0x5000,5,W,miss,file-read,0,,",
                "2,7,0x9000,9,R,miss,file-read,1,,",
                "3,7,0xa000,10,R,miss,file-read,0,42:5 7:9,yes no",
                string.Empty,
            ],
            lines);
    }
}
