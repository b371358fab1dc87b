using Vmsim.Core.Analysis;

namespace Vmsim.Core.Tests.Analysis;

public sealed class TimelineHolesTests
{
    [Theory]
    [InlineData(TimelineHoles.Granule)]
    [InlineData(3 * TimelineHoles.Granule)]
    [InlineData(16 * TimelineHoles.Granule)]
    [InlineData(17 * TimelineHoles.Granule)]
    [InlineData(300 * TimelineHoles.Granule)]
    public void Counts_before_every_slot_match_a_plain_count(int capacity)
    {
        var holes = new TimelineHoles(capacity);
        Assert.Equal(capacity, holes.Capacity);
        var set = new bool[capacity];
        var random = new Random(capacity);

        // Slots at group edges first (the last of a word, of a group of words, of a group of groups), then random ones.
        const int g = TimelineHoles.Granule;
        int[] edges = [0, 63, 64, g - 1, g, (16 * g) - 1, 16 * g, (256 * g) - 1, 256 * g, capacity - 1, capacity - 64, (capacity / 2) | 63];
        foreach (var slot in edges.Where(s => s < capacity).Concat(Enumerable.Range(0, capacity / 8).Select(_ => random.Next(capacity))))
        {
            if (!set[slot])
            {
                set[slot] = true;
                holes.Add(slot);
            }
        }

        Assert.Equal(set.Count(s => s), holes.Count);
        var before = 0;
        for (var slot = 0; slot < capacity; slot++)
        {
            Assert.Equal(set[slot], holes.Contains(slot));
            if (holes.CountBefore(slot) != before)
            {
                Assert.Fail($"slot {slot}: {holes.CountBefore(slot)} set before it, expected {before}");
            }

            before += set[slot] ? 1 : 0;
        }
    }

    [Fact]
    public void Reset_empties_it_and_only_grows_it()
    {
        var holes = new TimelineHoles(100);
        Assert.Equal(TimelineHoles.Granule, holes.Capacity);
        holes.Add(5);
        holes.Add(TimelineHoles.Granule - 1);
        holes.Reset(10);
        Assert.Equal(TimelineHoles.Granule, holes.Capacity);
        Assert.Equal(0, holes.Count);
        Assert.Equal(0, holes.CountBefore(TimelineHoles.Granule - 1));
        holes.Reset(TimelineHoles.Granule + 1);
        Assert.Equal(2 * TimelineHoles.Granule, holes.Capacity);
        holes.Add(TimelineHoles.Granule);
        Assert.Equal(1, holes.CountBefore(TimelineHoles.Granule + 1));
        Assert.Equal(0, holes.CountBefore(TimelineHoles.Granule));
    }
}
