using Vmsim.Core.Addressing;

namespace Vmsim.Core.Tests.Addressing;

public class PageGeometryTests
{
    [Fact]
    public void Presets_have_the_textbook_shapes()
    {
        Assert.Equal(48, PageGeometry.X64.AddressBits);
        Assert.Equal(4, PageGeometry.X64.Levels);
        Assert.Equal(32, PageGeometry.X86.AddressBits);
        Assert.Equal([10, 10], PageGeometry.X86.LevelBits);
        Assert.Equal(39, PageGeometry.Sv39.AddressBits);
    }

    [Fact]
    public void An_x86_32_address_splits_into_directory_table_and_offset()
    {
        var g = PageGeometry.X86;
        var page = g.PageOf(new VirtualAddress(0x0804_8123));
        Assert.Equal(0x08048UL, page.Value);
        Assert.Equal(0x020, g.IndexAt(page, 0));
        Assert.Equal(0x048, g.IndexAt(page, 1));
    }

    [Fact]
    public void Another_page_size_keeps_the_address_width_and_resizes_the_last_level()
    {
        var g = PageGeometry.X64.WithPageSize(16384);
        Assert.Equal(48, g.AddressBits);
        Assert.Equal([9, 9, 9, 7], g.LevelBits);
        var small = PageGeometry.X86.WithPageSize(256);
        Assert.Equal(32, small.AddressBits);
        Assert.Equal(8, small.OffsetBits);
    }

    [Theory]
    [InlineData(2 * 1024 * 1024, new[] { 9, 9, 9 })]
    [InlineData(1024 * 1024 * 1024, new[] { 9, 9 })]
    [InlineData(64 * 1024 * 1024, new[] { 9, 9, 4 })]
    [InlineData(1024, new[] { 9, 9, 9, 11 })]
    public void Large_pages_on_x86_64_walk_fewer_levels_as_the_hardware_does(int pageSize, int[] levels)
    {
        var g = PageGeometry.X64.WithPageSize(pageSize);

        Assert.Equal(levels, g.LevelBits);
        Assert.Equal(48, g.AddressBits);
        Assert.Equal("x86-64", g.Name);
    }

    [Fact]
    public void A_4_MiB_page_on_x86_32_is_mapped_by_the_directory_alone()
    {
        var g = PageGeometry.X86.WithPageSize(4 * 1024 * 1024);

        Assert.Equal([10], g.LevelBits);
        Assert.Equal(32, g.AddressBits);
    }

    [Fact]
    public void An_x86_64_address_splits_into_pml4_pdpt_pd_and_pt_indexes_and_an_offset()
    {
        var split = PageGeometry.X64.Split(new VirtualAddress(0x5000_1abc));

        Assert.Equal(0x50001UL, split.Page.Value);
        Assert.Equal(0xabcUL, split.Offset);
        Assert.Equal(["PML4", "PDPT", "PD", "PT"], split.Levels.Select(l => l.Name));
        Assert.Equal([0, 1, 0x80, 1], split.Levels.Select(l => l.Index));
        Assert.Equal([(47, 39), (38, 30), (29, 21), (20, 12)], split.Levels.Select(l => (l.HighBit, l.LowBit)));
    }

    [Fact]
    public void The_indexes_and_the_offset_put_together_give_the_address_back()
    {
        foreach (var geometry in new[] { PageGeometry.X64, PageGeometry.X64FiveLevel, PageGeometry.X86, PageGeometry.Sv39, PageGeometry.X64.WithPageSize(2 << 20), PageGeometry.X86.WithPageSize(1024) })
        {
            foreach (var value in new[] { 0UL, 0x1234_5678UL, geometry.LastAddress, geometry.LastAddress / 3 })
            {
                var split = geometry.Split(new VirtualAddress(value));

                var rebuilt = split.Levels.Aggregate(split.Offset, (address, l) => address | ((ulong)l.Index << l.LowBit));
                Assert.Equal(value & geometry.LastAddress, rebuilt);
                Assert.Equal(geometry.AddressBits, split.Levels.Sum(l => l.Bits) + geometry.OffsetBits);
                Assert.All(split.Levels, l => Assert.InRange(l.Index, 0, (1 << l.Bits) - 1));
            }
        }
    }

    [Fact]
    public void An_address_beyond_the_address_space_is_refused()
    {
        Assert.True(PageGeometry.X86.Contains(new VirtualAddress(0xffff_ffff)));
        Assert.False(PageGeometry.X86.Contains(new VirtualAddress(0x1_0000_0000)));
        Assert.False(PageGeometry.X64.Contains(new VirtualAddress(1UL << 48)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PageGeometry.Sv39.Split(new VirtualAddress(1UL << 39)));
    }

    [Fact]
    public void Each_preset_names_its_tables_as_its_architecture_does_and_large_pages_keep_the_upper_names()
    {
        Assert.Equal(["PML5", "PML4", "PDPT", "PD", "PT"], PageGeometry.X64FiveLevel.LevelNames);
        Assert.Equal(["PD", "PT"], PageGeometry.X86.LevelNames);
        Assert.Equal(["VPN[2]", "VPN[1]", "VPN[0]"], PageGeometry.Sv39.LevelNames);
        Assert.Equal(["PML4", "PDPT", "PD"], PageGeometry.X64.WithPageSize(2 << 20).LevelNames);
        Assert.Equal(["PML4", "PDPT"], PageGeometry.X64.WithPageSize(1 << 30).LevelNames);
        Assert.Equal(["PD"], PageGeometry.X86.WithPageSize(4 << 20).LevelNames);
        Assert.Equal(["PD", "PT"], PageGeometry.X86.WithPageSize(1024).LevelNames);
    }

    [Fact]
    public void A_geometry_of_its_own_numbers_its_levels_from_the_leaf_as_x86_does()
    {
        Assert.Equal(["level 3", "level 2", "level 1"], new PageGeometry(4096, [6, 7, 8]).LevelNames);
        Assert.Throws<ArgumentException>(() => new PageGeometry(4096, [6, 7], levelNames: ["top"]));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(128)]
    [InlineData(3000)]
    public void A_page_size_that_is_not_a_power_of_two_of_at_least_256_is_refused(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PageGeometry.X64.WithPageSize(size));

    [Theory]
    [InlineData("rwx", Protection.All)]
    [InlineData("r-x", Protection.ReadExecute)]
    [InlineData("--x", Protection.Execute)]
    [InlineData("---", Protection.None)]
    [InlineData("rw-", Protection.ReadWrite)]
    [InlineData("-w-", Protection.Write)]
    public void Protection_reads_rwx_notation(string text, Protection expected)
    {
        Assert.True(ProtectionText.TryParse(text, out var p));
        Assert.Equal(expected, p);
    }

    [Theory]
    [InlineData("wr-")]
    [InlineData("rwz")]
    [InlineData("rwxr")]
    [InlineData("")]
    [InlineData("rw")]
    [InlineData("rx")]
    [InlineData("x")]
    [InlineData("r-")]
    [InlineData("--")]
    [InlineData("-rw")]
    [InlineData("x--")]
    public void Protection_refuses_anything_else(string text) => Assert.False(ProtectionText.TryParse(text, out _));

    [Theory]
    [InlineData("rw", "rw-")]
    [InlineData("rx", "r-x")]
    [InlineData("x", "--x")]
    [InlineData("wx", "-wx")]
    [InlineData("rwx", null)]
    [InlineData("wr", null)]
    [InlineData("r-", null)]
    [InlineData("", null)]
    public void Letters_without_their_dashes_are_completed_for_a_suggestion(string text, string? expected) =>
        Assert.Equal(expected, ProtectionText.Completed(text));
}
