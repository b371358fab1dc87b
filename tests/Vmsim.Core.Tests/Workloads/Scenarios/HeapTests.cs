using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Core.Tests.Workloads.Scenarios;

/// <summary>
/// The heap of a scenario's process: a region named heap, or what a first brk makes, whose
/// end brk moves, as the reader checks it and the kernel does it.
/// </summary>
public sealed class HeapTests
{
    private const string Heap = """
        processes:
          - name: a
            regions:
              - { name: heap, start: 0x10000000, pages: 2 }
              - { name: stack, start: 0x7ff000, pages: 1 }
        script:

        """;

    private static ScenarioResult Run(string script) =>
        ScenarioRun.Run(ScenarioReader.Parse(Heap + script, "h.yaml"), new MachineConfig { CheckInvariants = true });

    private static InputFormatException Error(string script) =>
        Assert.Throws<InputFormatException>(() => Run(script));

    [Fact]
    public void Brk_grows_a_declared_heap_from_its_end()
    {
        var result = Run("""
              - { brk: a, pages: +2 }
              - { touch: a, region: heap, access: write }
            """);

        var mm = result.Processes["a"].AddressSpace;
        Assert.Equal((new PageNumber(0x10000), new PageNumber(0x10004)), (mm.HeapStart, mm.HeapEnd));
        Assert.Equal(4, mm.ResidentPages);
        Assert.Equal(4, result.Machine.Counters.ZeroFill);
        Assert.Equal(0, result.Machine.Counters.SegvUnmapped);
    }

    [Fact]
    public void Brk_shrinks_a_declared_heap_to_nothing_and_grows_it_again_from_its_start()
    {
        var result = Run("""
              - { touch: a, region: heap, access: write }
              - { brk: a, pages: -2 }
              - { brk: a, pages: 1 }
              - { touch: a, region: heap }
            """);

        var mm = result.Processes["a"].AddressSpace;
        Assert.Equal((new PageNumber(0x10000), new PageNumber(0x10001)), (mm.HeapStart, mm.HeapEnd));
        Assert.Equal(3, result.Machine.Counters.ZeroFill);
        Assert.Equal(["stack", "heap"], mm.Areas.Select(v => v.Name));
    }

    [Fact]
    public void A_child_grows_the_heap_it_forked_with()
    {
        var result = Run("""
              - { fork: a, child: b }
              - { brk: b, pages: 1 }
              - { touch: b, region: heap, pages: 2, access: write }
            """);

        Assert.Equal(new PageNumber(0x10003), result.Processes["b"].AddressSpace.HeapEnd);
        Assert.Equal(new PageNumber(0x10002), result.Processes["a"].AddressSpace.HeapEnd);
    }

    [Fact]
    public void After_an_munmap_of_the_heap_brk_goes_on_from_the_break_where_it_was()
    {
        var result = Run("""
              - { munmap: a, region: heap }
              - { brk: a, pages: 1 }
              - { touch: a, region: heap, pages: 2 }
            """);

        var mm = result.Processes["a"].AddressSpace;
        Assert.Equal((new PageNumber(0x10000), new PageNumber(0x10003)), (mm.HeapStart, mm.HeapEnd));
        Assert.Equal(1, result.Machine.Counters.ZeroFill);
        Assert.Equal(0, result.Machine.Counters.SegvUnmapped);
    }

    [Fact]
    public void Brk_into_another_region_is_refused_with_addresses_at_the_column_of_its_verb()
    {
        var error = Error("""
              - { mmap: a, name: data, start: 0x10003000, pages: 1 }
              - { brk: a, pages: +2 }
            """);

        Assert.Equal("h.yaml:8:7: brk: growing the heap of P1 (a) to 0x10000000-0x10004000 would overlap the region 0x10003000-0x10004000 rw-p data", error.Message);
    }

    [Theory]
    [InlineData("  - { brk: a, pages: -3 }", 22, "the heap of a has 2 pages; it cannot shrink by 3 pages")]
    [InlineData("  - { brk: a, pages: -2 }\n  - { brk: a, pages: -1 }", 22, "the heap of a has 0 pages; it cannot shrink by 1 page")]
    [InlineData("  - { brk: a, pages: 0x1000000000 }", 22, "the heap of a would end beyond the 48-bit address space")]
    [InlineData("  - { brk: a, pages: -9223372036854775808 }", 22, "expected a whole number from -68,719,476,736 to 68,719,476,736, found '-9223372036854775808'")]
    [InlineData("  - { brk: a, pages: 9223372036854775807 }", 22, "expected a whole number from -68,719,476,736 to 68,719,476,736, found '9223372036854775807'")]
    public void Brk_beyond_the_heap_or_the_address_space_is_refused_at_its_pages(string script, int column, string message)
    {
        var error = Error(script);

        Assert.Equal($"h.yaml:{7 + script.Count(c => c == '\n')}:{column}: field 'pages': {message}", error.Message);
    }

    [Fact]
    public void A_first_brk_without_a_heap_region_may_not_shrink()
    {
        var yaml = "processes:\n  - name: a\n    regions:\n      - { name: data, start: 0x600000, pages: 1 }\nscript:\n  - { brk: a, pages: -1 }";
        var error = Assert.Throws<InputFormatException>(() => ScenarioReader.Parse(yaml, "h.yaml"));

        Assert.Equal("h.yaml:6:22: field 'pages': the heap of a has 0 pages; it cannot shrink by 1 page", error.Message);
    }

    [Fact]
    public void A_region_mapped_as_heap_is_refused_when_the_process_has_a_heap()
    {
        var error = Error("""
              - { brk: a, pages: -2 }
              - { mmap: a, name: heap, start: 0x20000000, pages: 1 }
            """);

        Assert.Equal("h.yaml:8:22: process 'a' already has a heap, whose break is at 0x10000000 (brk moves it); name this region otherwise", error.Message);
    }

    [Fact]
    public void A_region_mapped_as_heap_by_a_process_without_one_is_its_heap()
    {
        var yaml = "processes:\n  - name: a\nscript:\n  - { mmap: a, name: heap, start: 0x20000000, pages: 1 }\n  - { brk: a, pages: 1 }\n  - { touch: a, region: heap, pages: 1 }";
        var result = ScenarioRun.Run(ScenarioReader.Parse(yaml, "h.yaml"), new MachineConfig { CheckInvariants = true });

        Assert.Equal(new PageNumber(0x20002), result.Processes["a"].AddressSpace.HeapEnd);
        Assert.Equal(1, result.Machine.Counters.ZeroFill);
    }
}
