using System.Text.Json;

namespace Vmsim.Cli.Tests.Commands;

/// <summary><c>vmsim translate</c>: an address cut into the index at each page-table level and the page offset.</summary>
public sealed class TranslateCommandTests
{
    private static JsonElement Only(params string[] args) =>
        Assert.Single(Cli.Run(["translate", .. args, "--json"]).Json().GetProperty("addresses").EnumerateArray());

    private static (string Name, long Index, int High, int Low)[] Levels(JsonElement address) =>
        [.. address.GetProperty("levels").EnumerateArray().Select(l => (
            l.GetProperty("name").GetString()!,
            l.GetProperty("value").GetInt64(),
            l.GetProperty("highBit").GetInt32(),
            l.GetProperty("lowBit").GetInt32()))];

    [Fact]
    public void An_x86_64_address_is_cut_into_pml4_pdpt_pd_and_pt_indexes_and_an_offset()
    {
        var result = Cli.Run("translate", "0x50001abc");

        Assert.Equal(0, result.ExitCode);
        var rows = result.Rows().Where(r => r.Length == 5 && r[0] != "Field").ToArray();
        Assert.Equal(
            [
                ["PML4", "47-39", "9", "0x0", "0"],
                ["PDPT", "38-30", "9", "0x1", "1"],
                ["PD", "29-21", "9", "0x80", "128"],
                ["PT", "20-12", "9", "0x1", "1"],
                ["offset", "11-0", "12", "0xabc", "2748"],
                ["page number", "47-12", "36", "0x50001", "327681"],
            ],
            rows);
        Assert.Contains("000000000 000000001 010000000 000000001 101010111100\nPML4      PDPT      PD        PT        offset\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Paging: x86-64, 4 KiB pages, 48-bit addresses (9+9+9+9 bits + 12-bit offset)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_textbook_32_bit_exercise_gives_page_4_and_offset_3616_for_address_20000()
    {
        var address = Only("20000", "--geometry", "x86-32");

        Assert.Equal(4, address.GetProperty("page").GetProperty("value").GetInt64());
        Assert.Equal(3616, address.GetProperty("offset").GetProperty("value").GetInt64());
        Assert.Equal("0xe20", address.GetProperty("offset").GetProperty("hex").GetString());
        Assert.Equal([("PD", 0L, 31, 22), ("PT", 4L, 21, 12)], Levels(address));
    }

    [Fact]
    public void Large_pages_walk_fewer_levels_and_leave_a_longer_offset()
    {
        var address = Only("0x12345678", "--page-size", "2M");

        Assert.Equal([("PML4", 0L, 47, 39), ("PDPT", 0L, 38, 30), ("PD", 0x91L, 29, 21)], Levels(address));
        Assert.Equal(0x145678, address.GetProperty("offset").GetProperty("value").GetInt64());
        Assert.Equal(21, address.GetProperty("offset").GetProperty("bits").GetInt32());
    }

    [Theory]
    [InlineData("sv39", "VPN[2] VPN[1] VPN[0]")]
    [InlineData("x86-64-5level", "PML5 PML4 PDPT PD PT")]
    public void Each_layout_names_its_levels_as_its_architecture_does(string geometry, string names)
    {
        var json = Cli.Run("translate", "0x1000", "--geometry", geometry, "--json").Json();

        Assert.Equal(names, string.Join(' ', json.GetProperty("geometry").GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("name").GetString())));
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void Every_preset_layout_prints_its_table_with_each_level_named(string geometry)
    {
        var result = Cli.Run("translate", "0x1000", "--geometry", geometry);

        Assert.Equal(0, result.ExitCode);
        var levels = Cli.Run("translate", "0x1000", "--geometry", geometry, "--json").Json()
            .GetProperty("geometry").GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("name").GetString()!);
        var fields = result.Rows().Where(r => r.Length == 5 && r[0] != "Field").Select(r => r[0]).ToArray();
        Assert.Equal([.. levels, "offset", "page number"], fields);
    }

    public static TheoryData<string> Presets() => [.. Core.Addressing.PageGeometry.PresetNames];

    [Fact]
    public void Every_address_given_is_translated_in_order_and_digits_may_be_grouped()
    {
        var json = Cli.Run("translate", "0x5000_1abc", "4096", "0X10", "--json").Json();

        Assert.Equal(["0x50001abc", "0x1000", "0x10"], json.GetProperty("addresses").EnumerateArray().Select(a => a.GetProperty("address").GetString()));
    }

    [Theory]
    [InlineData("0x1000000000000", "address '0x1000000000000' is not canonical on x86-64: bits 63–48 must all equal bit 47; vmsim simulates user address spaces, 0x0 to 0xffffffffffff")]
    [InlineData("0xffff800000000000", "address '0xffff800000000000' is in the kernel half of the canonical address space of x86-64; vmsim simulates user address spaces, 0x0 to 0xffffffffffff")]
    [InlineData("0xffff_8000_0000_0000 --page-size 2M", "address '0xffff_8000_0000_0000' is in the kernel half of the canonical address space of x86-64; vmsim simulates user address spaces, 0x0 to 0xffffffffffff")]
    [InlineData("0x200000000000000 --geometry x86-64-5level", "address '0x200000000000000' is not canonical on x86-64-5level: bits 63–57 must all equal bit 56; vmsim simulates user address spaces, 0x0 to 0x1ffffffffffffff")]
    [InlineData("4294967296 --geometry x86-32", "address '4294967296' lies outside the 32-bit address space of x86-32 (4 KiB pages), 0x0 to 0xffffffff")]
    [InlineData("0x1000 0xzz", "address 2 of 2, '0xzz': expected an address, hexadecimal with 0x (0x50001abc) or decimal (20000)")]
    [InlineData("0x1_0000_0000_0000_0000", "address '0x1_0000_0000_0000_0000': expected an address of at most 64 bits, found a larger number")]
    [InlineData("12k", "address '12k': expected an address, hexadecimal with 0x (0x50001abc) or decimal (20000)")]
    [InlineData("-5", "address '-5': addresses are not negative")]
    [InlineData("0x1000 -0x20", "address 2 of 2, '-0x20': addresses are not negative")]
    [InlineData("-- -5", "address '-5': addresses are not negative")]
    [InlineData("-5 --colour", "address '-5': addresses are not negative")]
    [InlineData("0x10 -5 --colour 0x20", "address 2 of 3, '-5': addresses are not negative")]
    [InlineData("-x", "unknown option '-x' (see 'vmsim translate --help')")]
    public void A_bad_or_too_large_address_is_refused_before_anything_is_printed(string args, string expected)
    {
        var message = Cli.AssertBadInput(Cli.Run(["translate", .. args.Split(' ')]));

        Assert.Equal($"vmsim: {expected}", message);
    }

    [Fact]
    public void A_bad_page_size_is_refused_as_for_every_verb()
    {
        var message = Cli.AssertBadInput(Cli.Run("translate", "0x1000", "--page-size", "3000"));

        Assert.Contains("--page-size", message, StringComparison.Ordinal);
    }
}
