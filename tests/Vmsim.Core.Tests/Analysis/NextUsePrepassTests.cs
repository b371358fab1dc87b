using Vmsim.Core.Analysis;
using Vmsim.Core.Replacement;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Analysis;

public sealed class NextUsePrepassTests
{
    [Theory]
    [InlineData(1, 10, 3, 1 << 20)]
    [InlineData(2, 5000, 200, 1 << 20)]
    [InlineData(3, 100_000, 5000, 4096)]
    public void Next_uses_equal_NextUse_Compute_on_generated_traces(int seed, int length, int pages, int chunk)
    {
        var trace = GeneratedTraces.Local(seed, length, pages);
        var accesses = GeneratedTraces.Accesses(trace);
        using var replay = NextUsePrepass.Run(() => new ArrayTraceReader(accesses), 4096, null, chunk);
        Assert.Equal(length, replay.Count);
        var read = new List<MemoryAccess>(length);
        var buffer = new MemoryAccess[3000];
        for (int n; (n = replay.Read(buffer)) > 0;)
        {
            read.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        Assert.Equal(NextUse.Compute(trace), read.Select(a => a.NextUse));
        Assert.Equal(accesses.Select(a => a.Address), read.Select(a => a.Address));
    }

    [Fact]
    public void Processes_and_pages_together_name_what_is_used_again()
    {
        // Same page number in two processes, and two addresses within one page.
        var accesses = GeneratedTraces.Accesses([1, 1, 1, 2, 1], pidOf: i => i == 1 ? 7 : 0);
        accesses[3] = accesses[3] with { Address = (1UL << 12) + 100 };
        using var replay = NextUsePrepass.Run(() => new ArrayTraceReader(accesses), 4096);
        var buffer = new MemoryAccess[10];
        var n = replay.Read(buffer);
        Assert.Equal([2L, AccessContext.Never, 3, 4, AccessContext.Never], buffer[..n].Select(a => a.NextUse));
    }

    [Fact]
    public void Works_on_a_text_trace_opened_twice_and_leaves_no_temporary_file()
    {
        var directory = Directory.CreateTempSubdirectory("vmsim-prepass-").FullName;
        try
        {
            var path = Path.Combine(directory, "t.lackey");
            File.WriteAllText(path, "I  00001000,4\n L 00002000,8\n M 00001ffe,4\n I  00001004,4\n".Replace("\n I", "\nI", StringComparison.Ordinal));
            List<long> nextUses = [];
            using (var replay = NextUsePrepass.Run(() => TraceFormats.Open(path, null, 4096), 4096, directory))
            {
                // The next-use file is open but has no name: an interrupt cannot leave it behind.
                Assert.Equal(OperatingSystem.IsWindows() ? 2 : 1, Directory.GetFiles(directory).Length);
                var buffer = new MemoryAccess[100];
                var n = replay.Read(buffer);
                nextUses.AddRange(buffer[..n].Select(a => a.NextUse));
            }

            // Pages: 1 2 1 2 1 2 1 (the modify crosses into page 2: load 1, load 2, store 1, store 2).
            Assert.Equal([2L, 3, 4, 5, 6, AccessContext.Never, AccessContext.Never], nextUses);
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
