using System.Text.Json;

namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// What the command line says of a policy's sweep and of why the TLB missed: the steps' JSON,
/// and the textbook α line when some TLB hits faulted.
/// </summary>
public class SweepAndTlbMissOutputTests
{
    [Fact]
    public void Json_steps_give_each_eviction_the_frames_the_clock_spared_and_each_miss_its_cause()
    {
        // shared-file with 6 frames: at step 12 the hand finds frames 0-5 all referenced, clears
        // them, and comes back to frame 0; at step 35 it does so again, and the reader's next
        // access to a resident page (step 36) walks the table because of it.
        var steps = Cli.Run("run", "shared-file", "--frames", "6", "--steps", "--json").Json().GetProperty("steps");

        var sweep = steps[11].GetProperty("evictions")[0];
        Assert.Equal(0, sweep.GetProperty("frame").GetInt32());
        Assert.Equal([1, 2, 3, 4, 5], sweep.GetProperty("secondChances").EnumerateArray().Select(s => s.GetProperty("frame").GetInt32()));
        Assert.Equal(1, sweep.GetProperty("secondChances")[0].GetProperty("tlbDropped")[0].GetProperty("pid").GetInt32());
        Assert.True(sweep.GetProperty("victimBitCleared").GetBoolean());

        var miss = steps[35];
        Assert.Equal("hit", miss.GetProperty("result").GetString());
        Assert.False(miss.GetProperty("tlbHit").GetBoolean());
        Assert.Equal("reference-bit-cleared", miss.GetProperty("tlbMiss").GetProperty("cause").GetString());
        Assert.Equal(35, miss.GetProperty("tlbMiss").GetProperty("step").GetInt32());

        var first = steps[5];
        Assert.Equal("first-use", first.GetProperty("tlbMiss").GetProperty("cause").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("tlbMiss").GetProperty("step").ValueKind);
    }

    [Theory]
    [InlineData("fork-cow", "clock")]
    [InlineData("shared-memory", "clock")]
    [InlineData("thrashing", "clock")]
    [InlineData("fork-cow", "clock-pro")]
    [InlineData("shared-file", "linux", "--frames", "5")]
    [InlineData("thrashing", "aging", "--tick", "5")]
    [InlineData("thrashing", "wsclock", "--window", "3")]
    [InlineData("shared-memory", "car")]
    [InlineData("demo", "sieve")]
    [InlineData("swappiness", "clock", "--clock-insert", "cold")]
    public void The_entries_the_steps_name_add_up_to_the_summary_s_count_of_entries_dropped_by_bit_clears(string example, string policy, params string[] more)
    {
        var frames = more.Contains("--frames") ? [] : new[] { "--frames", "6" };
        var json = Cli.Run(["run", example, "--policy", policy, .. frames, .. more, "--tlb-entries", "64", "--steps", "--json"]).Json();

        var steps = json.GetProperty("steps").EnumerateArray().ToList();
        var bySearch = steps
            .SelectMany(s => s.TryGetProperty("evictions", out var e) ? e.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Sum(e => e.GetProperty("secondChances").EnumerateArray().Sum(c => c.GetProperty("tlbDropped").GetArrayLength()) + e.GetProperty("victimTlbDropped").GetArrayLength());
        var byOtherClears = steps.Sum(s => s.GetProperty("bitClears").EnumerateArray().Sum(c => c.GetProperty("tlbDropped").GetArrayLength()));
        var counted = json.GetProperty("tlb").GetProperty("droppedByBitClears").GetInt32();

        Assert.True(counted > 0);
        Assert.Equal(counted, bySearch + byOtherClears);
    }

    [Fact]
    public void Json_steps_give_the_bits_linux_deactivated_apart_from_second_chances()
    {
        // shared-file with 5 frames: each page linux deactivates there, it takes from its
        // inactive list as the victim in the same search, and the step says so in that order,
        // in one clause.
        var steps = Cli.Run("run", "shared-file", "--policy", "linux", "--frames", "5", "--steps", "--json").Json().GetProperty("steps").EnumerateArray().ToList();

        var step = steps.First(s => s.GetProperty("bitClears").GetArrayLength() > 0);
        var clear = step.GetProperty("bitClears")[0];
        Assert.Equal("deactivated", clear.GetProperty("kind").GetString());
        Assert.Equal(clear.GetProperty("frame").GetInt32(), step.GetProperty("evictions")[0].GetProperty("frame").GetInt32());
        var page = $"page 0x{clear.GetProperty("page").GetUInt64():x}";
        var frame = $"frame {clear.GetProperty("frame").GetInt32()}";
        Assert.Contains($"the linux policy deactivated {frame} ({page}), moving it to its inactive list", step.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Contains($"evicted {page} of P2 (reader) from {frame}, which it had just deactivated, ", step.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("second chance", step.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wsclock_write_back_of_the_page_it_then_takes_is_told_as_that_in_its_step()
    {
        // demo with 6 frames and tau = 3: the hand finds the editor's dirty old page 0x20000, has
        // it written back, then, finding nothing else, takes it, clean by then, in the same step.
        var steps = Cli.Run("run", "demo", "--policy", "wsclock", "--window", "3", "--frames", "6", "--steps", "--json").Json().GetProperty("steps").EnumerateArray().ToList();

        var step = steps.First(s => s.GetProperty("bitClears").EnumerateArray().Any(c => c.GetProperty("kind").GetString() == "cleaned"));
        var clear = step.GetProperty("bitClears").EnumerateArray().First(c => c.GetProperty("kind").GetString() == "cleaned");
        var eviction = Assert.Single(step.GetProperty("evictions").EnumerateArray());
        Assert.Equal(0x20000UL, clear.GetProperty("page").GetUInt64());
        Assert.Equal(clear.GetProperty("frame").GetInt32(), eviction.GetProperty("frame").GetInt32());
        Assert.Equal(0x20000UL, eviction.GetProperty("page").GetUInt64());
        var explanation = step.GetProperty("explanation").GetString();
        Assert.Contains("Earlier in the same search, the wsclock policy had page 0x20000 of P2 (editor) written back (its dirty bit cleared; the TLB held no entry for it), and then took it as its victim.", explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("resident", explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Refs_json_names_the_pages_clock_pro_s_hand_passed_after_the_load()
    {
        // The 9th reference (page 2): clock-pro clears the new page's bit, and its hot hand, run
        // after the load, clears page 0's.
        var step = Cli.Run("refs", Cli.Silberschatz, "--policy", "clock-pro", "--steps", "--json").Json().GetProperty("steps")[8];

        Assert.Equal(["new-page", "hand"], step.GetProperty("bitClears").EnumerateArray().Select(c => c.GetProperty("kind").GetString()));
        Assert.Equal([2UL, 0UL], step.GetProperty("bitClears").EnumerateArray().Select(c => c.GetProperty("page").GetUInt64()));
        Assert.Contains("After the load, the clock-pro policy's hand passed page 0, clearing its reference bit, found set.", step.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Refs_json_names_the_pages_clock_spared_on_the_silberschatz_string()
    {
        // 3 frames: the 4th reference (page 2) finds pages 7, 0 and 1 referenced, clears them all
        // and takes 7; the 6th (page 3) spares page 0, referenced at the 5th, and takes page 1.
        var steps = Cli.Run("refs", Cli.Silberschatz, "--policy", "clock", "--steps", "--json").Json().GetProperty("steps");

        Assert.Equal([0UL, 1UL], steps[3].GetProperty("secondChances").EnumerateArray().Select(p => p.GetUInt64()));
        Assert.Contains("the clock policy gave pages 0 and 1 a second chance (their reference bits found set and cleared) and evicted page 7 (clean, dropped)", steps[3].GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Contains("the clock policy gave page 0 a second chance (its reference bit found set and cleared) and evicted page 1 (clean, dropped)", steps[5].GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Empty(steps[4].GetProperty("secondChances").EnumerateArray());
        Assert.True(steps[3].GetProperty("victimBitCleared").GetBoolean());
        Assert.Contains("evicted page 7 (clean, dropped), whose own reference bit it had found set and cleared too", steps[3].GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.False(steps[5].GetProperty("victimBitCleared").GetBoolean());
    }

    [Fact]
    public void Json_steps_date_the_parent_s_miss_after_fork_to_the_fork()
    {
        var steps = Cli.Run("run", "fork-cow", "--steps", "--json").Json().GetProperty("steps");

        Assert.Equal("fork", steps[13].GetProperty("operation").GetString());
        Assert.Contains("write-protected 8 writable private pages of P1 (parent) and flushed their TLB entries", steps[13].GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal("fork-write-protect", steps[33].GetProperty("tlbMiss").GetProperty("cause").GetString());
        Assert.Equal(14, steps[33].GetProperty("tlbMiss").GetProperty("step").GetInt32());
        Assert.False(steps[27].TryGetProperty("tlbMiss", out _), "a TLB hit has no miss to explain");
    }

    [Fact]
    public void The_textbook_line_says_which_tlb_hits_faulted_all_the_same()
    {
        // fork-cow: the child's four first writes hit the TLB entries its reads filled, read-only
        // and copy-on-write, and fault without a walk.
        var words = Cli.Run("run", "fork-cow").Words();
        var json = Cli.Run("run", "fork-cow", "--json").Json().GetProperty("tlb").GetProperty("textbookEffectiveAccess");

        Assert.Contains("α counts 4 TLB hits that faulted all the same: the TLB held the entry but its permissions forbade the access", words, StringComparison.Ordinal);
        Assert.Contains("without them α would be 4/30 = 0.1333.", words, StringComparison.Ordinal);
        Assert.Equal(4, json.GetProperty("faultedTlbHits").GetInt32());
    }

    [Fact]
    public void A_protection_sigsegv_on_a_tlb_hit_is_named_in_the_textbook_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vmsim-segv-hit-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            machine: { frames: 4 }
            processes:
              - name: p
                regions:
                  - { name: ro, start: 0x10000000, pages: 1, prot: r-- }
            script:
              - { touch: p, region: ro, access: read }
              - { touch: p, region: ro, access: read }
              - { touch: p, region: ro, access: write }
            """);
        try
        {
            var words = Cli.Run("run", path).Words();

            Assert.Contains("with α = 2/3", words, StringComparison.Ordinal);
            Assert.Contains("α counts 1 TLB hit that faulted all the same", words, StringComparison.Ordinal);
            Assert.Contains("It is a hit to the hardware; without it α would be 1/3 = 0.3333.", words, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_run_whose_tlb_hits_all_completed_says_nothing_of_faulted_hits()
    {
        Assert.DoesNotContain("faulted all the same", Cli.Run("refs", Cli.Silberschatz, "--policy", "clock", "--full").Words(), StringComparison.Ordinal);
    }
}
