using System.Text;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

/// <summary>Readers must allocate nothing per access: a large read allocates a small constant at most.</summary>
public sealed class ReaderAllocationTests
{
    private const int Lines = 200_000;

    // Allowance for one-time growth (a spill array) and runtime noise; far below one byte an access.
    private const long Bound = 16 << 10;

    public static TheoryData<string> Formats() => new() { TraceFormats.Lackey, TraceFormats.Address, TraceFormats.Pages, TraceFormats.Csv, TraceFormats.OracleGeneral };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Reading_a_large_trace_allocates_a_bounded_constant(string format)
    {
        var content = Content(format);
        var buffer = new MemoryAccess[4096];

        // A first, small read warms up the JIT and any lazily initialised statics.
        Drain(TraceFormats.Create(format, new MemoryStream(Content(format, 100)), 4096), buffer);

        using var reader = TraceFormats.Create(format, new MemoryStream(content), 4096);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = Drain(reader, buffer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(count >= Lines, $"read {count} accesses");
        Assert.True(allocated < Bound, $"{format}: {allocated} bytes allocated reading {count} accesses");
    }

    private static long Drain(ITraceReader reader, MemoryAccess[] buffer)
    {
        long count = 0;
        for (int n; (n = reader.Read(buffer)) > 0;)
        {
            count += n;
        }

        return count;
    }

    private static byte[] Content(string format, int lines = Lines)
    {
        if (format == TraceFormats.OracleGeneral)
        {
            return TraceFixtures.OracleTrace(Enumerable.Range(0, lines).Select(i => (ulong)(i % 1000)).ToArray());
        }

        var text = new StringBuilder(format == TraceFormats.Csv ? "page,op\n" : string.Empty);
        for (var i = 0; i < lines; i++)
        {
            text.Append(format switch
            {
                // Every 16th access crosses a page boundary, so the spill path runs too.
                TraceFormats.Lackey => i % 16 == 0 ? $" M {(i * 4096) + 4092:x8},8\n" : $" L {0x1ffefff000 + (i % 4000):x},8\n",
                TraceFormats.Address => $"0x{i * 64:x} {(i % 3 == 0 ? 'W' : 'R')}\n",
                TraceFormats.Pages => $"{i % 5000}\n",
                _ => $"{i % 5000},{(i % 2 == 0 ? "r" : "write")}\n",
            });
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
