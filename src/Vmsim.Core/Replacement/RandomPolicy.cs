using Vmsim.Core.Addressing;

namespace Vmsim.Core.Replacement;

/// <summary>
/// Random replacement: evicts a resident page chosen uniformly at random among those
/// that may be evicted. It keeps no history at all, and so is the floor any policy that
/// looks at use should beat. Deterministic under its seed: the same seed and the same
/// calls give the same victims.
/// Source: L. A. Belady, "A study of replacement algorithms for a virtual-storage
/// computer", IBM Systems Journal 5(2), 1966 (RAND).
/// </summary>
public sealed class RandomPolicy : IReplacementPolicy
{
    // Tries of rejection sampling before falling back to counting the evictable frames:
    // with few frames pinned the first try almost always succeeds.
    private const int MaxTries = 8;

    private readonly int _seed;
    private Random _random;
    private int[] _resident = [];
    private int[] _slot = [];
    private int _count;
    private IFrameHost? _host;

    /// <summary>Creates the policy with the seed of its random choices.</summary>
    public RandomPolicy(int seed)
    {
        _seed = seed;
        _random = new Random(seed);
    }

    /// <inheritdoc/>
    public string Name => "random";

    /// <inheritdoc/>
    public PolicyNeeds Needs => PolicyNeeds.None;

    /// <inheritdoc/>
    public void Attach(IFrameHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _random = new Random(_seed);
        _resident = new int[host.FrameCount];
        _slot = new int[host.FrameCount];
        _slot.AsSpan().Fill(-1);
        _count = 0;
    }

    /// <inheritdoc/>
    public void OnLoad(FrameNumber frame, in AccessContext access)
    {
        if (_slot[frame.Value] >= 0)
        {
            throw new InvalidOperationException($"frame {frame} is already resident");
        }

        _slot[frame.Value] = _count;
        _resident[_count++] = frame.Value;
    }

    /// <inheritdoc/>
    public void OnHit(FrameNumber frame, in AccessContext access)
    {
    }

    /// <inheritdoc/>
    public void OnRemove(FrameNumber frame, RemovalReason reason)
    {
        var slot = _slot[frame.Value];
        if (slot < 0)
        {
            return;
        }

        // Swap-remove keeps the resident frames dense, so a choice is one index.
        var last = _resident[--_count];
        _resident[slot] = last;
        _slot[last] = slot;
        _slot[frame.Value] = -1;
    }

    /// <inheritdoc/>
    public FrameNumber SelectVictim()
    {
        if (_count == 0)
        {
            return FrameNumber.None;
        }

        // Rejection sampling is exactly uniform over the evictable frames.
        for (var i = 0; i < MaxTries; i++)
        {
            var f = new FrameNumber(_resident[_random.Next(_count)]);
            if (_host!.CanEvict(f))
            {
                return f;
            }
        }

        var evictable = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_host!.CanEvict(new FrameNumber(_resident[i])))
            {
                evictable++;
            }
        }

        if (evictable == 0)
        {
            return FrameNumber.None;
        }

        var k = _random.Next(evictable);
        for (var i = 0; i < _count; i++)
        {
            var f = new FrameNumber(_resident[i]);
            if (_host!.CanEvict(f) && k-- == 0)
            {
                return f;
            }
        }

        return FrameNumber.None;
    }

    /// <inheritdoc/>
    public PolicyView Inspect()
    {
        var order = new List<PolicyFrameNote>(_count);
        for (var i = 0; i < _count; i++)
        {
            order.Add(new PolicyFrameNote(new FrameNumber(_resident[i]), null));
        }

        order.Sort((a, b) => a.Frame.Value.CompareTo(b.Frame.Value));
        return new PolicyView($"any of these, drawn at random (seed {_seed})", order) { Ranked = false };
    }

    /// <inheritdoc/>
    public void OnTick(long now)
    {
    }
}
