using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;

namespace Vmsim.Core.Tests.Memory;

public class PageCacheTests
{
    [Fact]
    public void Agrees_with_a_dictionary_through_growth_and_removals()
    {
        var cache = new PageCache();
        var model = new Dictionary<(int, long), int>();
        var random = new Random(5);
        for (var step = 0; step < 200_000; step++)
        {
            var key = (random.Next(4), (long)random.Next(5000));
            if (model.ContainsKey(key) && random.Next(3) == 0)
            {
                cache.Remove(key.Item1, key.Item2);
                model.Remove(key);
            }
            else if (!model.ContainsKey(key))
            {
                var frame = random.Next(1 << 20);
                cache.Add(key.Item1, key.Item2, new FrameNumber(frame));
                model[key] = frame;
            }

            var probe = (random.Next(4), (long)random.Next(5000));
            Assert.Equal(model.TryGetValue(probe, out var expected), cache.TryFind(probe.Item1, probe.Item2, out var found));
            if (model.ContainsKey(probe))
            {
                Assert.Equal(expected, found.Value);
            }
        }

        Assert.Equal(model.Count, cache.Count);
        Assert.Equal(model.OrderBy(kv => kv.Key), cache.Entries.Select(e => new KeyValuePair<(int, long), int>(e.Key, e.Value.Value)).OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Adding_a_cached_page_twice_or_removing_an_absent_one_is_a_bug_reported_as_such()
    {
        var cache = new PageCache();
        cache.Add(1, 7, new FrameNumber(3));
        Assert.Throws<InvalidOperationException>(() => cache.Add(1, 7, new FrameNumber(4)));
        Assert.Throws<InvalidOperationException>(() => cache.Remove(1, 8));
    }
}
