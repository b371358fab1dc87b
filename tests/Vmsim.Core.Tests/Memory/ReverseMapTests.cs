using Vmsim.Core.Addressing;
using Vmsim.Core.Memory;
using Vmsim.Core.Mmu;

namespace Vmsim.Core.Tests.Memory;

/// <summary>The reverse map knows every mapping of a frame, however many there are.</summary>
public class ReverseMapTests
{
    [Fact]
    public void A_frame_mapped_more_times_than_the_pool_first_holds_keeps_every_mapping()
    {
        // One frame: its home node and a pool of 16 at first, so the pool grows twice.
        var rmap = new ReverseMap(1);
        var leaf = new Pte[64];
        var frame = new FrameNumber(0);
        for (var i = 0; i < 40; i++)
        {
            rmap.Add(frame, asid: i + 1, new PageNumber((ulong)(0x100 + i)), new PteRef(leaf, i));
        }

        var mappings = rmap.MappingsOf(frame);

        Assert.Equal(40, mappings.Length);
        Assert.Equal(Enumerable.Range(1, 40), mappings.Select(m => m.Asid).Order());
        Assert.True(rmap.Remove(frame, 17, new PageNumber(0x110)));
        Assert.Equal(39, rmap.MappingsOf(frame).Length);
    }
}
