using Vmsim.Web.Snapshots;
using static Vmsim.Web.Tests.TestWorkloads;

namespace Vmsim.Web.Tests.Snapshots;

/// <summary>
/// A trace of page numbers is written in decimal in the visualizer, as `vmsim replay --steps`
/// writes it; a trace of addresses in hexadecimal, as its addresses are.
/// </summary>
public class PagesTraceNotationTests
{
    private static string Explanation(StepSnapshot s) => string.Join(' ', s.Explanation);

    [Fact]
    public void A_pages_trace_is_narrated_in_decimal_and_an_address_trace_in_hexadecimal()
    {
        var numbers = System.Text.Encoding.ASCII.GetBytes("7\n10\n12\n");

        var pages = Trace(numbers, "n.txt", "pages");
        var addresses = Trace(System.Text.Encoding.ASCII.GetBytes("0x7000\n0xa000\n0xc000\n"), "a.txt", "addr");

        Assert.True(pages.PagesInDecimal);
        Assert.False(addresses.PagesInDecimal);
        var decimalStep = Explanation(Open(pages).Snapshot(pages.Plan.Events.Count));
        var hexStep = Explanation(Open(addresses).Snapshot(addresses.Plan.Events.Count));
        Assert.Contains("page 12", decimalStep, StringComparison.Ordinal);
        Assert.Contains("page 0xc", hexStep, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_trace_of_page_numbers_is_narrated_in_decimal_and_one_of_addresses_in_hexadecimal()
    {
        var pages = Trace(System.Text.Encoding.ASCII.GetBytes("page\n7\n10\n12\n"), "p.csv");
        var addresses = Trace(System.Text.Encoding.ASCII.GetBytes("address\n0x7000\n0xa000\n0xc000\n"), "a.csv");

        Assert.True(pages.PagesInDecimal);
        Assert.False(addresses.PagesInDecimal);
        Assert.Contains("page 12", Explanation(Open(pages).Snapshot(pages.Plan.Events.Count)), StringComparison.Ordinal);
        Assert.Contains("page 0xc", Explanation(Open(addresses).Snapshot(addresses.Plan.Events.Count)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_oracle_general_trace_s_object_ids_are_narrated_in_decimal()
    {
        // Three 24-byte records: object ids 7, 10, 12, next access never (-1).
        var bytes = new byte[3 * 24];
        ulong[] ids = [7, 10, 12];
        for (var i = 0; i < ids.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((i * 24) + 4), ids[i]);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan((i * 24) + 16), -1);
        }

        var oracle = Trace(bytes, "o.bin", "oracle-general");

        Assert.True(oracle.PagesInDecimal);
        Assert.Contains("page 12", Explanation(Open(oracle).Snapshot(oracle.Plan.Events.Count)), StringComparison.Ordinal);
    }
}
