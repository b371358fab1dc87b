namespace Vmsim.Tests.Shared;

/// <summary>
/// The miss counts of the standard cache simulators, written the plain way (a queue, a
/// linked list and a dictionary), for the tests of both test projects to check vmsim's
/// faults and curves against: an oracle that shares no code with what it checks.
/// </summary>
internal static class CacheSimulators
{
    /// <summary>Misses of a FIFO cache of <paramref name="frames"/> items: the textbook count.</summary>
    public static long Fifo<T>(IEnumerable<T> keys, int frames)
        where T : notnull
    {
        var queue = new Queue<T>();
        var resident = new HashSet<T>();
        long misses = 0;
        foreach (var key in keys)
        {
            if (resident.Contains(key))
            {
                continue;
            }

            misses++;
            if (resident.Count == frames)
            {
                resident.Remove(queue.Dequeue());
            }

            queue.Enqueue(key);
            resident.Add(key);
        }

        return misses;
    }

    /// <summary>Misses of an LRU cache of <paramref name="frames"/> items.</summary>
    public static long Lru<T>(IEnumerable<T> keys, int frames)
        where T : notnull
    {
        var order = new LinkedList<T>();
        var nodes = new Dictionary<T, LinkedListNode<T>>();
        long misses = 0;
        foreach (var key in keys)
        {
            if (nodes.TryGetValue(key, out var node))
            {
                order.Remove(node);
                order.AddFirst(node);
                continue;
            }

            misses++;
            if (nodes.Count == frames)
            {
                nodes.Remove(order.Last!.Value);
                order.RemoveLast();
            }

            nodes[key] = order.AddFirst(key);
        }

        return misses;
    }
}
