using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// A page of a file is remembered by its file and index, as Linux keeps a file page's shadow
/// entry in the file's page cache: its ghost outlives the process that read it, and a read of
/// the same page by another process, at another address, is a refault.
/// </summary>
public sealed class GhostsOfPageCachePagesTests
{
    private const ulong ReaderBase = 0x100;
    private const ulong OtherBase = 0x700;
    private const int FilePages = 20;

    public static TheoryData<string> GhostKeepingPolicies() => CatalogPolicies.GhostKeeping();

    // The reader maps the file, reads its first two pages twice (so that recency and frequency
    // lists both hold pages) and then reads it through once on 8 frames, so that the pages read
    // once are evicted; the other process maps the same file elsewhere. Returns the newest
    // file page the policy remembers.
    private static (Machine Machine, Process Reader, Process Other, PageIdentity Remembered, ulong Index) ReadThrough(string policy)
    {
        var machine = new Machine(TestMachines.Checked(frames: 8, policy: policy, swap: 64));
        var reader = machine.Spawn("reader");
        var other = machine.Spawn("other");
        machine.Mmap(reader, new PageNumber(ReaderBase), FilePages, Protection.Read, file: "data", shared: true);
        machine.Mmap(other, new PageNumber(OtherBase), FilePages, Protection.Read, file: "data", shared: true);
        ulong[] pages = [0, 1, 0, 1, .. Enumerable.Range(2, FilePages - 2).Select(i => (ulong)i)];
        foreach (var page in pages)
        {
            machine.Access(reader, TestMachines.Page(machine, ReaderBase + page), AccessKind.Read);
        }

        var file = machine.Kernel.Files.Open("data").Id;
        var ghosts = (IGhostKeeper)machine.Kernel.Policy;
        for (var i = (long)FilePages - 1; i >= 0; i--)
        {
            var page = PageIdentity.InObject(file, i);
            if (ghosts.Remembers(page))
            {
                return (machine, reader, other, page, (ulong)i);
            }
        }

        throw new InvalidOperationException($"{policy} remembered no page of the file read through: the test would show nothing");
    }

    [Theory]
    [MemberData(nameof(GhostKeepingPolicies))]
    public void A_file_page_s_ghost_outlives_the_process_that_read_it(string policy)
    {
        var (machine, reader, _, remembered, _) = ReadThrough(policy);
        var ghosts = (IGhostKeeper)machine.Kernel.Policy;

        machine.Exit(reader);

        Assert.True(ghosts.Remembers(remembered), $"{policy} forgot {remembered} when the process that read it exited");
    }

    [Theory]
    [MemberData(nameof(GhostKeepingPolicies))]
    public void Another_process_s_read_of_an_evicted_file_page_is_the_refault_the_reader_s_own_would_be(string policy)
    {
        var (byReader, reader, _, _, index) = ReadThrough(policy);
        var (byOther, _, other, _, _) = ReadThrough(policy);

        var readerFault = byReader.Access(reader, TestMachines.Page(byReader, ReaderBase + index), AccessKind.Read);
        var otherFault = byOther.Access(other, TestMachines.Page(byOther, OtherBase + index), AccessKind.Read);

        // Same page, same ghost: the policy ends in the same state whichever process read it.
        Assert.Equal(FaultKind.FileRead, readerFault);
        Assert.Equal(readerFault, otherFault);
        var expected = byReader.Kernel.Policy.Inspect();
        var actual = byOther.Kernel.Policy.Inspect();
        Assert.Equal(expected.Summary, actual.Summary);
        Assert.Equal(expected.Order, actual.Order);

        // And it was a refault: the ghost was used, so it is gone (2Q alone keeps the page's
        // identity in A1out until it is pushed out, as its paper does).
        if (policy != "2q")
        {
            var page = PageIdentity.InObject(byOther.Kernel.Files.Open("data").Id, (long)index);
            Assert.False(((IGhostKeeper)byOther.Kernel.Policy).Remembers(page), $"{policy} still holds the ghost of {page} after the refault");
        }
    }

    [Fact]
    public void Arc_adapts_its_target_when_another_process_rereads_a_file_page_it_evicted()
    {
        var (machine, _, other, _, index) = ReadThrough("arc");
        var arc = (Arc)machine.Kernel.Policy;
        Assert.Equal(0, arc.Target);

        machine.Access(other, TestMachines.Page(machine, OtherBase + index), AccessKind.Read);

        // A ghost of B1: T1 let the page go too early, so T1's target grows.
        Assert.True(arc.Target > 0, $"p stayed at {arc.Target}");
    }
}
