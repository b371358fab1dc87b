using Vmsim.Core.Addressing;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Core.Tests.Workloads.Scenarios;

public class ScenarioReaderTests
{
    private const string Minimal = """
        machine:
          frames: 4
          policy: lru
        processes:
          - name: p
            regions:
              - { name: heap, start: 0x10000, pages: 4, prot: rw- }
        script:
          - touch: p
            region: heap
            pages: 1-2
            access: write
        """;

    private static InputFormatException Error(string yaml) =>
        Assert.Throws<InputFormatException>(() => ScenarioReader.Parse(yaml, "bad.yaml"));

    [Fact]
    public void Reads_machine_processes_and_a_touch_range()
    {
        var scenario = ScenarioReader.Parse(Minimal, "ok.yaml");
        Assert.Equal(4, scenario.Machine.Frames);
        Assert.Equal("lru", scenario.Machine.Policy);
        var region = Assert.Single(Assert.Single(scenario.Processes).Regions);
        Assert.Equal(new PageNumber(0x10), region.Start);
        var touch = Assert.IsType<TouchStep>(Assert.Single(scenario.Script));
        Assert.Equal(0x11UL, touch.FirstPage);
        Assert.Equal(2UL, touch.PageCount);
        Assert.Equal(AccessKind.Write, touch.Kind);
        Assert.Equal(9, touch.Line);
    }

    [Theory]
    [InlineData("machine:\n  frames: many\nscript: []", 2, "field 'frames': expected a whole number from 1 to 67,108,864, found 'many'")]
    [InlineData("machine:\n  policy: bogus\nscript: []", 2, "unknown policy 'bogus'")]
    [InlineData("machine:\n  fames: 3\nscript: []", 2, "unknown field 'fames' in machine")]
    [InlineData("machine: {frames: 3}\nscript:\n  - touch: ghost\n    region: heap", 3, "no process named 'ghost'")]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: r, start: 0x1001, pages: 1 }\nscript: []", 4, "aligned to the 4096-byte page")]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: r, start: 0x1000, pages: 1, prot: rwz }\nscript: []", 4, "expected a protection in rwx notation")]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: r, start: 0x1000, pages: 1, prot: rw }\nscript: []", 4, "field 'prot': expected a protection in rwx notation, three characters each its letter or '-' for absent, such as r--, rw-, r-x or --x, found 'rw' (did you mean 'rw-'?)")]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: r, start: 0x1000, pages: 1 }\nscript:\n  - mprotect: p\n    region: r\n    prot: rx", 8, "found 'rx' (did you mean 'r-x'?)")]
    [InlineData("processes:\n  - name: p\nscript:\n  - touch: p\n    region: nope", 5, "no region named 'nope'")]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: r, start: 0x1000, pages: 2 }\nscript:\n  - touch: p\n    region: r\n    pages: 0-5", 8, "region 'r' has 2 pages; expected one of them or a range, counted from 0, such as 1 or 0-1, found '0-5'")]
    [InlineData("processes:\n  - name: p\nscript:\n  - exit: p\n  - exit: p", 5, "has already exited")]
    [InlineData("script:\n  - touch: p\n    fork: p", 2, "a step has one verb")]
    [InlineData("script:\n  - frobnicate: p", 2, "a step needs one of")]
    [InlineData("machine:\n  frames: [1\nscript: []", 2, "this '[' or '{' is never closed")]
    [InlineData("title: broken\nmachine:\n  frames: 4\n   policy: fifo\nscript: []\n", 4, "not valid YAML")]
    [InlineData("machine:\n  frames: 3", 1, "needs a 'script'")]
    [InlineData("machine:\n  tlb: { entries: 12, ways: 8 }\nscript: []", 2, "power-of-two number of sets")]
    [InlineData("machine:\n  tlb: { entries: 3, ways: 1 }\nscript: []", 2, "a TLB of 3 entries in sets of 1 way is not possible")]
    [InlineData("machine:\n  page-size: 1000\nscript: []", 2, "power of two")]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: r, start: 0x1000, pages: 1, offset: 4096 }\nscript: []", 4, "field 'offset': only a region with a 'file' has an offset into it")]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: r, start: 0x1000, pages: 1, file: /lib/x.so, offset: -4096 }\nscript: []", 4, "field 'offset': expected a number of bytes from 0 to 9,223,372,036,854,775,807, such as 4096, 16K or 2M, found '-4096'")]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: r, start: 0x1000, pages: 18446744073709551615 }\nscript: []", 4, "field 'pages': expected a whole number from 1 to 9,223,372,036,854,775,807, found '18446744073709551615'")]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: r, start: 0x1000, pages: 0 }\nscript: []", 4, "field 'pages': expected a whole number of at least 1, found '0'")]
    public void A_mistake_names_its_line_and_what_was_expected(string yaml, int line, string message)
    {
        var error = Error(yaml);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
        Assert.StartsWith($"bad.yaml:{line}:", error.Message);
    }

    [Fact]
    public void A_tab_inside_a_quoted_string_is_not_blamed_for_an_error_further_down()
    {
        var error = Error("title: x\ndescription: \"one\n\ttwo\"\nprocesses:\n  - name: a\n    regions:\n      - name: h\n        start: 0x10000\n   pages: 1\nscript: []\n");

        Assert.Equal(9, error.Line);
        Assert.DoesNotContain("tab", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_behind_a_tab_that_the_parser_takes_is_refused_with_the_tab_named()
    {
        // YamlDotNet reads "\tprocesses:" as the key with nothing under it, so the field's error
        // names the tab; with a key after it, the parser's own complaint comes a line later.
        var alone = Error("\tprocesses:\n");
        Assert.Equal(1, alone.Line);
        Assert.Equal("bad.yaml:1:1: the line starts with a tab, which YAML does not take for indentation: indent with spaces (read with it, field 'processes': expected a list (lines starting with '- '), found '')", alone.Message);

        var followed = Error("\tprocesses:\nscript: []");
        Assert.Equal("bad.yaml:1:1: not valid YAML: a tab used for indentation; YAML indents with spaces", followed.Message);
    }

    [Theory]
    [InlineData("processes:\n  - name: a\n    regions:\n\t- { name: h, start: 0x10000, pages: 2 }\nscript: []", 4, 1)]
    [InlineData("title: x\nprocesses:\n  - name: a\n    regions:\n      - { name: h, start: 0x10000, pages: 2 }\nscript:\n  - { touch: a, region: h }\n\t\n", 8, 1)]
    [InlineData("machine:\n  frames: 4\n \tpolicy: lru\nscript: []", 3, 2)]
    public void A_tab_used_for_indentation_is_reported_where_it_is(string yaml, int line, int column)
    {
        var error = Error(yaml);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal($"bad.yaml:{line}:{column}: not valid YAML: a tab used for indentation; YAML indents with spaces", error.Message);
    }

    [Theory]
    [InlineData("processes:\n  - name: p\n    regions:\n      - { name: heap, start: 0x10000000, pages: 4 }\n      - { name: data, start: 0x10002000, pages: 4 }\nscript: []", 5)]
    [InlineData("script:\n  - spawn: p\n    regions:\n      - { name: heap, start: 0x10000000, pages: 4 }\n      - { name: data, start: 0x10002000, pages: 4 }", 5)]
    public void Overlapping_regions_of_a_process_are_refused_at_the_second_ones_line(string yaml, int line)
    {
        var error = Error(yaml);

        Assert.Equal((line, 9), (error.Line, error.Column));
        Assert.Equal($"bad.yaml:{line}:9: region 'data' (0x10002000-0x10006000) overlaps region 'heap' (0x10000000-0x10004000) of process 'p'; the regions of a process must not overlap", error.Message);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("8K", 2)]
    public void A_file_region_maps_the_file_from_its_offset_and_offset_0_is_its_start(string offset, long filePage)
    {
        var scenario = ScenarioReader.Parse($"processes:\n  - name: p\n    regions:\n      - {{ name: lib, start: 0x1000, pages: 2, prot: r--, file: /lib/x.so, offset: {offset} }}\nscript: []", "a.yaml");

        Assert.Equal(filePage, Assert.Single(Assert.Single(scenario.Processes).Regions).FilePage);
    }

    [Fact]
    public void Regions_that_only_touch_do_not_overlap()
    {
        var scenario = ScenarioReader.Parse("processes:\n  - name: p\n    regions:\n      - { name: heap, start: 0x10000000, pages: 2 }\n      - { name: data, start: 0x10002000, pages: 4 }\nscript: []", "a.yaml");

        Assert.Equal(2, Assert.Single(scenario.Processes).Regions.Count);
    }

    [Theory]
    [InlineData("title: homework: part 2\nscript: []", 1, 16, "title: \"homework: part 2\"")]
    [InlineData("title: hw\nscript:\n  - touch: p: q", 3, 13, "touch: \"p: q\"")]
    [InlineData("title: \"a\": b\nscript: []", 1, 11, "title: '\"a\": b'")]
    public void A_value_containing_colon_space_gets_a_hint_to_quote_it(string yaml, int line, int column, string quoted)
    {
        var error = Error(yaml);

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"bad.yaml:{line}:{column}: not valid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"; a value that contains ': ' must be quoted, such as {quoted}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_value_containing_colon_space_is_read_as_written()
    {
        Assert.Equal("homework: part 2", ScenarioReader.Parse("title: \"homework: part 2\"\nscript: []", "a.yaml").Title);
    }

    [Theory]
    [InlineData("3000")]
    [InlineData("128")]
    [InlineData("2G")]
    [InlineData("0")]
    [InlineData("big")]
    public void A_page_size_that_is_no_power_of_two_from_256_bytes_to_1G_is_refused_saying_what_was_found(string text)
    {
        var error = Error($"machine:\n  page-size: {text}\nscript: []");

        Assert.Equal($"bad.yaml:2:14: field 'page-size': expected a power of two from 256 bytes to 1G, such as 4096 or 4K, found '{text}'", error.Message);
    }

    [Theory]
    [InlineData("256", 256)]
    [InlineData("1G", 1 << 30)]
    [InlineData("16K", 16384)]
    public void A_page_size_from_256_bytes_to_1G_is_taken(string text, int bytes) =>
        Assert.Equal(bytes, ScenarioReader.Parse($"machine:\n  page-size: {text}\nscript: []", "a.yaml").Machine.Geometry.PageSize);

    [Theory]
    [InlineData("0xffffffffffffffff", 0xffff_ffff_ffff_ffffUL)]
    [InlineData("0x1000000000000000", 0x1000_0000_0000_0000UL)]
    [InlineData("18446744073709551615", 0xffff_ffff_ffff_ffffUL)]
    [InlineData("0x40_1000", 0x40_1000UL)]
    public void A_touch_takes_any_64_bit_address(string text, ulong expected)
    {
        var scenario = ScenarioReader.Parse($"processes:\n  - name: p\nscript:\n  - touch: p\n    address: {text}", "a.yaml");

        Assert.Equal(new VirtualAddress(expected), Assert.IsType<TouchStep>(Assert.Single(scenario.Script)).Address);
    }

    [Theory]
    [InlineData("x86-64", "0xfffffffffffff000", "region 'a' starts at 0xfffffffffffff000, in the kernel half of the canonical address space of x86-64; vmsim simulates user address spaces, 0x0 to 0xffffffffffff")]
    [InlineData("x86-64", "0x1000000000000", "region 'a' starts at 0x1000000000000, not canonical on x86-64: bits 63–48 must all equal bit 47")]
    [InlineData("x86-32", "0xfffffffffffff000", "region 'a' starts beyond the 32-bit address space, whose last page starts at 0xfffff000")]
    public void A_region_high_in_the_64_bit_range_is_refused_for_where_it_starts_not_for_its_alignment(string geometry, string start, string expected)
    {
        var error = Error($"machine:\n  geometry: {geometry}\nprocesses:\n  - name: p\n    regions:\n      - {{ name: a, start: {start}, pages: 1 }}\nscript: []");

        Assert.Equal($"bad.yaml:6:27: {expected}", error.Message);
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("9223372036854775000")]
    [InlineData("8796093022207M")]
    public void A_region_size_near_the_largest_number_is_refused_with_the_room_left_not_wrapped_round(string size)
    {
        var error = Error(RegionOfSize(size));

        Assert.Equal("bad.yaml:4:27: region 'a' ends beyond the 48-bit address space: from 0x400000 it may have at most 68,719,475,712 pages", error.Message);
    }

    [Fact]
    public void A_region_size_that_wrapped_round_would_fit_a_64_bit_address_space_and_is_refused()
    {
        // 64-bit addresses: a region from the middle of them, of a size whose rounding up once wrapped round to fit.
        var error = Error("machine:\n  levels: [13, 13, 13, 13]\nprocesses:\n  - name: p\n    regions:\n      - { name: a, start: 0x8000000000001000, size: 9223372036854775807 }\nscript: []");

        Assert.Equal("bad.yaml:6:27: region 'a' ends beyond the 64-bit address space: from 0x8000000000001000 it may have at most 2,251,799,813,685,247 pages", error.Message);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("9007199254740992K")]
    [InlineData("8589934592G")]
    [InlineData("18014398509481985K")]
    public void A_size_beyond_the_largest_number_once_its_unit_is_applied_is_refused_with_the_range(string size)
    {
        var error = Error(RegionOfSize(size));

        Assert.Equal($"bad.yaml:4:43: field 'size': expected a size in bytes from 1 to 9,223,372,036,854,775,807, such as 4096, 16K or 2M, found '{size}'", error.Message);
    }

    [Theory]
    [InlineData("0x10000000000000000", "field 'address': expected an address of at most 0xffffffffffffffff (64 bits), found '0x10000000000000000'")]
    [InlineData("18446744073709551616", "field 'address': expected an address of at most 0xffffffffffffffff (64 bits), found '18446744073709551616'")]
    [InlineData("-4096", "field 'address': expected an address such as 0x401000, found '-4096'")]
    [InlineData("0xg", "field 'address': expected an address such as 0x401000, found '0xg'")]
    public void A_touch_address_that_is_no_64_bit_address_is_refused_saying_the_limit(string text, string message)
    {
        var error = Error($"processes:\n  - name: p\nscript:\n  - touch: p\n    address: {text}");

        Assert.Equal($"bad.yaml:5:14: {message}", error.Message);
    }

    [Fact]
    public void A_shared_region_without_a_file_is_shared_anonymous_memory()
    {
        var yaml = "processes:\n  - name: p\n    regions:\n      - { name: ipc, start: 0x1000, pages: 2, shared: true }\n      - { name: other, start: 0x8000, pages: 1, shared: true }\nscript:\n  - touch: p\n    region: ipc\n    access: write\n  - fork: p\n    child: c\n  - touch: c\n    region: ipc";
        var run = ScenarioRun.Run(ScenarioReader.Parse(yaml, "s.yaml"));

        var regions = run.Machine.Kernel.Processes[0].AddressSpace.Areas;
        Assert.Equal(["ipc", "other"], regions.Select(r => r.Name));
        Assert.NotEqual(regions[0].Backing.FileId, regions[1].Backing.FileId);
        Assert.All(regions, r => Assert.True(r.Shared && run.Machine.Kernel.Files[r.Backing.FileId].IsShmem));
        Assert.Equal(2, run.Machine.Counters.ZeroFill);
        Assert.Equal(0, run.Machine.Counters.CowCopy);
    }

    [Fact]
    public void A_kernel_refusal_names_the_scripts_line()
    {
        var yaml = """
            processes:
              - name: p
                regions:
                  - { name: a, start: 0x1000, pages: 4 }
            script:
              - mmap: p
                name: b
                start: 0x2000
                pages: 2
            """;
        var error = Assert.Throws<InputFormatException>(() => ScenarioRun.Run(ScenarioReader.Parse(yaml, "s.yaml")));
        Assert.Equal(6, error.Line);
        Assert.Equal(5, error.Column);
        Assert.StartsWith("s.yaml:6:5: mmap: 0x2000-0x4000 overlaps the region 0x1000-0x5000 rw-p a", error.Message);
    }

    [Fact]
    public void A_kernel_refusal_of_a_step_in_braces_names_the_column_of_its_verb()
    {
        var yaml = "processes:\n  - name: p\n    regions:\n      - { name: a, start: 0x1000, pages: 4 }\nscript:\n  - { touch: p, region: a }\n  -   { mmap: p, name: b, start: 0x2000, pages: 2 }";
        var error = Assert.Throws<InputFormatException>(() => ScenarioRun.Run(ScenarioReader.Parse(yaml, "s.yaml")));
        Assert.Equal((7, 9), (error.Line, error.Column));
    }

    [Fact]
    public void Too_many_accesses_are_refused_at_the_column_of_the_touch()
    {
        var yaml = "processes:\n  - name: p\n    regions:\n      - { name: a, start: 0x1000, pages: 4 }\nscript:\n  - { touch: p, region: a, pattern: random, count: 20000001 }";
        var error = Assert.Throws<InputFormatException>(() => ScenarioPlan.Expand(ScenarioReader.Parse(yaml, "s.yaml")));
        Assert.Equal((6, 7), (error.Line, error.Column));
    }

    [Fact]
    public void Patterns_are_deterministic_under_their_seed_and_stay_in_range()
    {
        var yaml = """
            processes:
              - name: p
                regions:
                  - { name: heap, start: 0x100000, pages: 50 }
            script:
              - { touch: p, region: heap, pattern: zipf, count: 500, seed: 9, writes: 0.25 }
              - { touch: p, region: heap, pattern: random, count: 300, seed: 9 }
              - { touch: p, region: heap, pages: 10-19, pattern: loop, times: 3 }
            """;
        var a = ScenarioPlan.Expand(ScenarioReader.Parse(yaml, "s.yaml"));
        var b = ScenarioPlan.Expand(ScenarioReader.Parse(yaml, "s.yaml"));
        Assert.Equal(a.Events, b.Events);
        Assert.Equal(830, a.AccessCount);
        var geometry = PageGeometry.X64;
        Assert.All(a.Events, e => Assert.InRange(geometry.PageOf(e.Address).Value, 0x100UL, 0x100UL + 49));
        var zipfPages = a.Events.Take(500).Select(e => geometry.PageOf(e.Address).Value).ToArray();
        Assert.True(zipfPages.Count(p => p == 0x100) > zipfPages.Count(p => p == 0x100 + 40) * 5, "the first page is the most popular");
        Assert.InRange(a.Events.Take(500).Count(e => e.Kind == AccessKind.Write), 80, 170);
    }

    [Fact]
    public void Brk_grows_a_heap_that_later_steps_can_touch_by_name()
    {
        var yaml = """
            processes:
              - name: p
                regions:
                  - { name: data, start: 0x600000, pages: 2 }
            script:
              - brk: p
                pages: 4
              - touch: p
                region: heap
                access: write
              - brk: p
                pages: -2
            """;
        var result = ScenarioRun.Run(ScenarioReader.Parse(yaml, "s.yaml"), new MachineConfig { CheckInvariants = true });
        var heap = result.Processes["p"].AddressSpace.Areas.Single(a => a.Name == "heap");
        Assert.Equal(new PageNumber(0x602), heap.Start);
        Assert.Equal(2UL, heap.Pages);
        Assert.Equal(2, result.Processes["p"].AddressSpace.ResidentPages);
        Assert.Equal(4, result.Machine.Counters.ZeroFill);
    }

    [Fact]
    public void Mprotect_and_munmap_of_a_region_act_on_the_pages_given_splitting_its_area()
    {
        var yaml = """
            processes:
              - name: a
                regions:
                  - { name: heap, start: 0x10000000, pages: 4, prot: rw- }
            script:
              - { touch: a, region: heap, access: write }
              - { mprotect: a, region: heap, pages: 2-3, prot: r-- }
              - { munmap: a, region: heap, pages: 1 }
              - { touch: a, region: heap, pages: 0, access: write }
              - { touch: a, region: heap, pages: 2-3 }
            """;
        var scenario = ScenarioReader.Parse(yaml, "s.yaml");
        var mprotect = Assert.IsType<MprotectStep>(scenario.Script[1]);
        Assert.Equal((new PageNumber(0x10002), 2UL), (mprotect.Start, mprotect.Pages));
        var munmap = Assert.IsType<MunmapStep>(scenario.Script[2]);
        Assert.Equal((new PageNumber(0x10001), 1UL), (munmap.Start, munmap.Pages));

        var result = ScenarioRun.Run(scenario, scenario.Machine with { CheckInvariants = true });
        var areas = result.Processes["a"].AddressSpace.Areas.Select(v => (v.Start.Value, v.End.Value, v.Protection));
        Assert.Equal([(0x10000UL, 0x10001UL, Protection.ReadWrite), (0x10002UL, 0x10004UL, Protection.Read)], areas);
        Assert.Equal(3, result.Processes["a"].AddressSpace.ResidentPages);
        Assert.Equal(Vmsim.Core.Kernel.ProcessState.Running, result.Processes["a"].State);
    }

    [Fact]
    public void A_region_unmapped_in_part_keeps_its_name_and_one_unmapped_whole_loses_it()
    {
        var yaml = """
            processes:
              - name: a
                regions:
                  - { name: heap, start: 0x10000000, pages: 4 }
            script:
              - { munmap: a, region: heap, pages: 0-2 }
              - { touch: a, region: heap, pages: 3 }
              - { munmap: a, region: heap }
              - { touch: a, region: heap }
            """;
        var error = Error(yaml);
        Assert.StartsWith("bad.yaml:9:25: field 'region': no region named 'heap' in a", error.Message);
    }

    [Theory]
    [InlineData("{ mprotect: a, region: heap, pages: 2-4, prot: r-- }", "2-4", "field 'pages': region 'heap' has 4 pages; expected one of them or a range, counted from 0, such as 3 or 0-3, found '2-4'")]
    [InlineData("{ munmap: a, region: heap, pages: 7 }", "7", "field 'pages': region 'heap' has 4 pages;")]
    [InlineData("{ munmap: a, region: tiny, pages: 1 }", "1", "field 'pages': region 'tiny' has 1 page; expected one of them or a range, counted from 0, such as 0, found '1'")]
    [InlineData("{ munmap: a, region: heap, start: 0x10000000 }", "start", "field 'start': with 'region', an munmap step takes the region's pages as 'pages: 2-3', counted from its start")]
    [InlineData("{ mprotect: a, region: heap, size: 8K, prot: r-- }", "size", "field 'size': with 'region', an mprotect step")]
    [InlineData("{ munmap: a, start: 0x10000000, pages: 1, file: bin }", "file", "unknown field 'file' in a step; expected one of: munmap, region, start, pages, size")]
    [InlineData("{ mprotect: a, start: 0x10000000, pages: 1, prot: r--, shared: true }", "shared", "unknown field 'shared' in a step")]
    [InlineData("{ munmap: a, pages: 1 }", "{", "an munmap step needs 'region' (a region's name, with 'pages: 2-3' for some of its pages) or 'start' with 'pages' or 'size'")]
    [InlineData("{ munmap: a, start: 0x10000000 }", "{", "the range of an munmap step needs its length: 'pages: N' or 'size: 16K'")]
    public void A_range_of_a_region_or_of_the_address_space_is_checked_where_it_is_written(string step, string at, string message)
    {
        var yaml = $"processes:\n  - name: a\n    regions:\n      - {{ name: heap, start: 0x10000000, pages: 4 }}\n      - {{ name: tiny, start: 0x20000000, pages: 1 }}\nscript:\n  - {step}";
        var error = Error(yaml);
        Assert.StartsWith($"bad.yaml:7:{ColumnOf(step, at)}: {message}", error.Message);
    }

    // The 1-based column of the last occurrence of 'at' in a step written after "  - ".
    // A scenario whose one region, from 0x400000, is 'size' long (its 'size' field at line 4, column 43).
    private static string RegionOfSize(string size) =>
        $"processes:\n  - name: p\n    regions:\n      - {{ name: a, start: 0x400000, size: {size} }}\nscript: []";

    private static int ColumnOf(string step, string at) => "  - ".Length + step.LastIndexOf(at, StringComparison.Ordinal) + 1;

    [Theory]
    [InlineData("{ touch: a, region: h, count: 5 }", "count", "field 'count': the sequential pattern goes through the pages in order, 'times' times; 'count' is for the random and zipf patterns")]
    [InlineData("{ touch: a, region: h, pattern: loop, count: 5 }", "count", "field 'count': the loop pattern goes through the pages in order")]
    [InlineData("{ touch: a, region: h, pattern: random, times: 5 }", "times", "field 'times': the random pattern makes 'count' accesses; 'times' is for the sequential and loop patterns")]
    [InlineData("{ touch: a, region: h, pattern: zipf, times: 5 }", "times", "field 'times': the zipf pattern makes 'count' accesses")]
    [InlineData("{ touch: a, region: h, pattern: random, exponent: 2 }", "exponent", "field 'exponent': only the zipf pattern has an exponent, and this touch's is random")]
    [InlineData("{ touch: a, region: h, seed: 3 }", "seed", "field 'seed': this touch makes no random choice; a seed is for the random and zipf patterns and for 'writes'")]
    [InlineData("{ touch: a, region: h, address: 0x10000 }", "region", "field 'region': a touch of one 'address' takes 'times', 'access' or 'writes'; 'region' is for a touch of a region's pages")]
    [InlineData("{ touch: a, address: 0x10000, pages: 1 }", "pages", "field 'pages': a touch of one 'address' takes")]
    [InlineData("{ touch: a, address: 0x10000, pattern: zipf, seed: 3 }", "pattern", "field 'pattern': a touch of one 'address' takes")]
    [InlineData("{ touch: a, address: 0x10000, seed: 3 }", "seed", "field 'seed': this touch makes no random choice")]
    [InlineData("{ mmap: a, name: h, start: 0x20000, pages: 1 }", "h", "process 'a' already has a region named 'h'")]
    [InlineData("{ mmap: a, name: x, start: 0x20000, pages: 1, size: 4K }", "size", "field 'size': the length is given by 'pages' already; give 'pages' or 'size', not both")]
    public void A_field_the_step_would_ignore_is_refused_at_its_name(string step, string at, string message)
    {
        var yaml = $"processes:\n  - name: a\n    regions:\n      - {{ name: h, start: 0x10000, pages: 4 }}\nscript:\n  - {step}";
        var error = Error(yaml);
        Assert.StartsWith($"bad.yaml:6:{ColumnOf(step, at)}: {message}", error.Message);
    }

    [Fact]
    public void Every_field_a_touch_uses_is_accepted_with_the_pattern_that_uses_it()
    {
        var yaml = """
            processes:
              - name: a
                regions:
                  - { name: h, start: 0x10000, pages: 4 }
            script:
              - { touch: a, region: h, pattern: random, count: 5, seed: 3 }
              - { touch: a, region: h, pattern: zipf, count: 5, exponent: 2, seed: 3 }
              - { touch: a, region: h, pattern: loop, times: 2, writes: 0.5, seed: 3 }
              - { touch: a, region: h, pages: 1-2, times: 3, access: write }
              - { touch: a, address: 0x10000, times: 3, writes: 0.5, seed: 2 }
            """;
        var touches = ScenarioReader.Parse(yaml, "ok.yaml").Script.Cast<TouchStep>().ToArray();
        Assert.Equal([5L, 5L, 8L, 6L, 3L], touches.Select(ScenarioPlan.AccessesOf));
        Assert.Equal(2.0, touches[1].Exponent);
        Assert.All(touches.Where(t => t.Pattern != AccessPattern.Sequential || t.WriteFraction is not null), t => Assert.True(t.Seed is 2 or 3));
    }

    [Theory]
    [InlineData("processes:\n  - name: a\n    regions:\n      - { name: h, start: 0x10000, pages: 2, size: 64K }\nscript: []", 4, 46, "field 'size': the length is given by 'pages' already; give 'pages' or 'size', not both")]
    [InlineData("processes:\n  - name: a\nscript:\n  - { mmap: a, start: 0x10000, pages: 1 }\n  - { mmap: a, start: 0x20000, pages: 1 }", 5, 5, "process 'a' already has a region named 'anon', the name an mmap without 'name' takes; give this region a 'name'")]
    [InlineData("processes:\n  - name: a\n    regions:\n      - { name: h, start: 0x10000, pages: 4 }\n      - { name: h, start: 0x20000, pages: 4 }\nscript: []", 2, 5, "process 'a' has two regions named 'h'")]
    public void A_region_is_given_its_length_once_and_a_name_new_to_its_process(string yaml, int line, int column, string message)
    {
        Assert.Equal($"bad.yaml:{line}:{column}: {message}", Error(yaml).Message);
    }

    [Fact]
    public void A_step_without_a_seed_gets_a_fixed_one_from_the_machine_seed_and_its_line()
    {
        // The same seed in any process: a fixed mix, so separate runs of vmsim agree.
        var yaml = "processes:\n  - name: p\n    regions:\n      - { name: h, start: 0x1000, pages: 64 }\nscript:\n  - { touch: p, region: h, pattern: random, count: 5 }";
        var touch = Assert.IsType<TouchStep>(Assert.Single(ScenarioReader.Parse(yaml, "s.yaml").Script));
        Assert.Equal((int)(unchecked((1u * 2_654_435_761u) + (6u * 40_503u)) & int.MaxValue), touch.Seed);
    }

    [Fact]
    public void The_machine_can_be_adjusted_before_the_regions_are_read()
    {
        var yaml = "processes:\n  - name: p\n    regions:\n      - { name: h, start: 0x4000, size: 16K }\nscript: []";
        var scenario = ScenarioReader.Parse(yaml, "s.yaml", m => m with { Geometry = m.Geometry.WithPageSize(8192) });
        var region = Assert.Single(Assert.Single(scenario.Processes).Regions);
        Assert.Equal(new PageNumber(2), region.Start);
        Assert.Equal(2UL, region.Pages);
        Assert.Throws<ArgumentException>(() => new ScenarioRun(scenario, new MachineConfig()));
    }
}
