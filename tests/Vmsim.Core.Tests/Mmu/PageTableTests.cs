using Vmsim.Core.Addressing;
using Vmsim.Core.Mmu;

namespace Vmsim.Core.Tests.Mmu;

/// <summary>
/// The page tables a walk builds: one table per level on the way to a new leaf, and the memory
/// they take, by hand for x86-64 (512 entries of 8 bytes), x86-32 (1,024 of 4) and 16 KiB pages.
/// </summary>
public sealed class PageTableTests
{
    [Fact]
    public void An_x86_64_table_builds_a_table_per_level_and_counts_4_KiB_each()
    {
        var table = new PageTable(PageGeometry.X64);
        Assert.Equal((1, 4096L), (table.TablePages, table.TableBytes));

        table.Walk(new PageNumber(0x10), alloc: true, out _);
        Assert.Equal((4, 4L * 4096), (table.TablePages, table.TableBytes));

        // The same leaf table: nothing new. Another 1 GiB region (page 2^18): a new directory and leaf.
        table.Walk(new PageNumber(0x11), alloc: true, out _);
        table.Walk(new PageNumber(1UL << 18), alloc: true, out _);
        Assert.Equal((6, 6L * 4096), (table.TablePages, table.TableBytes));

        // A walk that does not allocate builds nothing.
        table.Walk(new PageNumber(1UL << 30), alloc: false, out _);
        Assert.Equal(6, table.TablePages);
    }

    [Fact]
    public void An_x86_32_table_has_4_byte_entries_and_16_KiB_pages_a_smaller_last_level()
    {
        var x86 = new PageTable(PageGeometry.X86);
        x86.Walk(new PageNumber(5), alloc: true, out _);
        Assert.Equal((2, 2L * 1024 * 4), (x86.TablePages, x86.TableBytes));

        // x86-64 with 16 KiB pages: 9 + 9 + 9 + 7 bits, so the leaf holds 128 entries.
        var large = new PageTable(PageGeometry.X64.WithPageSize(16 * 1024));
        large.Walk(new PageNumber(5), alloc: true, out _);
        Assert.Equal((4, (3L * 512 * 8) + (128 * 8)), (large.TablePages, large.TableBytes));
    }
}
