using Vmsim.Core.Analysis;

namespace Vmsim.Core.Tests.Analysis;

public sealed class PageTimeTableTests
{
    [Fact]
    public void A_page_is_added_once_and_found_after()
    {
        var table = new PageTimeTable();
        ref var time = ref table.FindOrAdd(42, 1, out var found);
        Assert.False(found);
        Assert.Equal(PageTimeTable.Empty, time);
        time = 7;
        Assert.Equal(7, table.FindOrAdd(42, 1, out found));
        Assert.True(found);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void The_same_page_number_of_two_processes_is_two_pages()
    {
        var table = new PageTimeTable();
        table.FindOrAdd(5, 0, out _) = 1;
        table.FindOrAdd(5, 1, out _) = 2;
        Assert.Equal(1, table.Find(5, 0));
        Assert.Equal(2, table.Find(5, 1));
        Assert.Equal(PageTimeTable.Empty, table.Find(5, 2));
    }

    [Fact]
    public void It_grows_and_keeps_every_page_through_many_keys()
    {
        var table = new PageTimeTable();
        var initial = table.Capacity;
        const int pages = 300_000;

        // Consecutive, strided and high page numbers, the patterns traces have, one process each.
        for (var i = 0; i < pages; i++)
        {
            table.FindOrAdd(Key(i), i % 4, out var found) = i;
            Assert.False(found);
        }

        Assert.Equal(pages, table.Count);
        Assert.True(table.Capacity > initial);
        Assert.True(table.Count <= table.Capacity * 11 / 16);
        for (var i = 0; i < pages; i++)
        {
            Assert.Equal(i, table.Find(Key(i), i % 4));
        }

        Assert.Equal(PageTimeTable.Empty, table.Find(Key(pages), pages % 4));
    }

    [Fact]
    public void Removal_keeps_the_other_pages_reachable_and_matches_a_dictionary()
    {
        var table = new PageTimeTable();
        var reference = new Dictionary<(ulong, int), int>();
        var random = new Random(5);

        // A small key space in a small table: long clusters, many of them wrapping around the end.
        for (var step = 0; step < 200_000; step++)
        {
            var key = ((ulong)random.Next(3000), random.Next(2));
            if (random.Next(3) == 0)
            {
                var expected = reference.Remove(key, out var t) ? t : PageTimeTable.Empty;
                Assert.Equal(expected, table.Remove(key.Item1, key.Item2));
            }
            else
            {
                ref var time = ref table.FindOrAdd(key.Item1, key.Item2, out var found);
                Assert.Equal(reference.ContainsKey(key), found);
                time = step;
                reference[key] = step;
            }

            Assert.Equal(reference.Count, table.Count);
        }

        foreach (var ((page, pid), time) in reference)
        {
            Assert.Equal(time, table.Find(page, pid));
        }

        var live = 0;
        foreach (var entry in table.Entries)
        {
            live += entry.Time == PageTimeTable.Empty ? 0 : 1;
        }

        Assert.Equal(reference.Count, live);
    }

    private static ulong Key(int i) => (i % 4) switch
    {
        0 => (ulong)i,
        1 => (ulong)i * 4096,
        2 => 0xFFFF_FFFF_0000_0000UL + (ulong)i,
        _ => (ulong)i << 20,
    };
}
