using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Tests.Rendering;

/// <summary>
/// The summary says what its totals are made of wherever a reader adding them up would get
/// another number: faults that served no page, TLB lookups that are not accesses, TLB entries a
/// policy dropped, and what the effective access time is the quotient of.
/// </summary>
public sealed class SummaryNotesTests
{
    [Fact]
    public void Faults_that_ended_in_a_sigsegv_are_told_apart_from_those_the_minor_and_major_rows_count()
    {
        var result = Cli.Run("run", "segfaults");
        var json = Cli.Run("run", "segfaults", "--json").Json().GetProperty("faults");

        var served = json.GetProperty("minor").GetInt32() + json.GetProperty("major").GetInt32();
        var segv = json.GetProperty("segvUnmapped").GetInt32() + json.GetProperty("segvProtection").GetInt32();
        Assert.Equal(json.GetProperty("total").GetInt32(), served + segv);
        Assert.Contains($"page faults {served + segv} (75.0%: {served} minor or major, {segv} SIGSEGV)", result.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_that_found_no_frame_is_told_apart_too()
    {
        var words = Cli.Run("demo").Words();

        Assert.Contains("page faults 21 (95.5%: 16 minor or major, 4 SIGSEGV, 1 out of memory)", words, StringComparison.Ordinal);
    }

    [Fact]
    public void Faults_that_all_served_a_page_are_given_as_before()
    {
        var result = Cli.Run("refs", Cli.Silberschatz, "--frames", "3", "--policy", "fifo", "--full");

        Assert.Contains("page faults 15 (75.0%)\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tlb_hit_rate_is_said_to_count_the_retried_lookup_of_each_fault()
    {
        var words = Cli.Run("refs", Cli.Silberschatz, "--frames", "3", "--policy", "fifo", "--full").Words();

        Assert.Contains($"TLB hit rate: 5 of 35 lookups (14.3%) for 20 accesses. {Counters.TlbPerLookupNote}", words, StringComparison.Ordinal);
    }

    [Fact]
    public void No_lookup_note_is_printed_when_no_fault_was_retried()
    {
        // One access, to an unmapped address: a SIGSEGV, never retried, so one lookup.
        var path = Path.Combine(Path.GetTempPath(), $"vmsim-segv-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "machine: { frames: 2 }\nprocesses:\n  - name: p\n    regions:\n      - { name: heap, start: 0x10000, pages: 1, prot: rw- }\nscript:\n  - { touch: p, address: 0x900000 }\n");
        try
        {
            var result = Cli.Run("run", path);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("page faults 1 (100.0%: 0 minor or major, 1 SIGSEGV)", result.Words(), StringComparison.Ordinal);
            Assert.DoesNotContain("TLB hit rate:", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Tlb_entries_clock_drops_when_it_clears_referenced_bits_are_counted_and_explained()
    {
        var clock = Cli.Run("refs", Cli.Silberschatz, "--policy", "clock", "--full");
        var json = Cli.Run("refs", Cli.Silberschatz, "--policy", "clock", "--json").Json();

        var dropped = json.GetProperty("tlb").GetProperty("droppedByBitClears").GetInt32();
        Assert.True(dropped > 0);
        Assert.Contains(
            $"TLB entries dropped: {dropped} when the clock policy cleared a page's reference bit, which drops the page's TLB entry too " +
            "(the next access walks the page table to set the bit again): one reason TLB hits (1) are fewer than hits (6).",
            clock.Words(), StringComparison.Ordinal);
        Assert.DoesNotContain("TLB entries dropped", Cli.Run("refs", Cli.Silberschatz, "--policy", "fifo", "--full").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_effective_access_time_is_given_as_the_simulated_time_per_access_with_the_prices_it_adds_up()
    {
        // Three faults at the given 1 ms each, and the dirty page LRU evicts written back at 5 ms.
        var path = Path.Combine(Path.GetTempPath(), $"vmsim-cost-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "time,pid,vaddr,op\n1,42,0x7f001000,W\n2,42,0x7f001008,R\n3,7,0x400000,X\n4,42,0x7f002000,R\n");
        try
        {
            var words = Cli.Run("replay", path, "--frames", "2", "--policy", "lru", "--cost", "major=1ms").Words();

            Assert.Contains(
                "Effective access: simulated time / accesses = 8.00 ms / 4 = 2.00 ms, the time pricing a TLB hit 1.00 ns, a page-table level read 100 ns, " +
                "a memory access 100 ns, a minor fault 10.0 µs, a major fault 1.00 ms and a write-back 5.00 ms.",
                words, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_process_table_says_that_an_ended_process_s_page_tables_are_as_they_were_at_its_end()
    {
        // fork-cow's child exits; in thrashing every process runs to the end.
        var ended = Cli.Run("run", "fork-cow").Words();
        var running = Cli.Run("run", "thrashing").Words();

        Assert.Contains($"Page tables: {Vmsim.Cli.Rendering.SummaryRenderer.EndedPageTablesNote}", ended, StringComparison.Ordinal);
        Assert.Contains("for a process that has ended, the size they had when it ended", ended, StringComparison.Ordinal);
        Assert.DoesNotContain("Page tables:", running, StringComparison.Ordinal);
    }
}
