using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

public sealed class GhostTableTests
{
    [Fact]
    public void Forgetting_by_page_address_space_or_object_goes_through_the_owners_forgetting_and_allocates_nothing()
    {
        var forgotten = new List<int>(16);
        GhostTable table = null!;
        table = new GhostTable(8, slot =>
        {
            forgotten.Add(slot);
            table.Remove(slot);
        });
        var first = table.Add(PageIdentity.Private(1, new PageNumber(10)));
        var second = table.Add(PageIdentity.InObject(3, 4));
        var third = table.Add(PageIdentity.Private(1, new PageNumber(11)));
        var swapped = table.Add(PageIdentity.InSwap(new SwapSlot(5)));
        var other = table.Add(PageIdentity.Private(2, new PageNumber(10)));

        // Warm up: nothing of address space 9, object 9 or slot 9 is remembered.
        table.ForgetAddressSpace(9);
        table.ForgetObject(9);
        table.Forget(PageIdentity.InSwap(new SwapSlot(9)));

        var before = GC.GetAllocatedBytesForCurrentThread();
        table.ForgetAddressSpace(1);
        table.ForgetObject(3);
        table.Forget(PageIdentity.InSwap(new SwapSlot(5)));
        table.Forget(PageIdentity.InSwap(new SwapSlot(6)));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal([first, third, second, swapped], forgotten);
        Assert.Equal(0, allocated);
        Assert.Equal(1, table.Count);
        Assert.Equal(other, table.Find(PageIdentity.Private(2, new PageNumber(10))));
    }
}
