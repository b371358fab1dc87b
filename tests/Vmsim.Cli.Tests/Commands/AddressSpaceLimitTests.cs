namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// A trace address the machine's page table cannot reach stops every verb that simulates the
/// machine with the file, the access and the way out, instead of ending that process and
/// counting the rest of the trace without it; the exact LRU curve, which needs no page table,
/// takes any page number.
/// </summary>
public sealed class AddressSpaceLimitTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    // Page 2^40 lies past x86-64's 2^36 pages of 4 KiB.
    private string TracePath() => _files.WritePages("wide.pages", [1, 2, 1UL << 40, .. Enumerable.Range(0, 200).Select(i => (ulong)(i % 50))]);

    [Theory]
    [InlineData("replay")]
    [InlineData("replay", "--steps")]
    [InlineData("sweep", "--policies", "lru,fifo", "--frames", "10")]
    [InlineData("mrc", "--policy", "fifo", "--frames", "10")]
    public void Verbs_that_simulate_the_machine_stop_at_the_access_and_name_the_file(string verb, params string[] extra)
    {
        var path = TracePath();

        var result = Cli.Run([verb, path, .. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"vmsim: {path}: access 3 of the trace is at 0x10000000000000 (page 1,099,511,627,776), not canonical on x86-64: bits 63–48 must all equal bit 47; with 4,096-byte pages, its pages are numbered below 68,719,476,736", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--geometry x86-64-5level", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kernel_address_in_a_trace_is_named_as_the_kernel_half_and_no_wider_geometry_is_offered()
    {
        // The vsyscall page, 0xffffffffff600000: canonical, and in the kernel's half on every geometry.
        var path = _files.WritePages("kernel.pages", [1, 2, 0xffffffffff600UL, 1]);

        var result = Cli.Run("replay", path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(
            $"vmsim: {path}: access 3 of the trace is at 0xffffffffff600000 (page 4,503,599,627,367,936), in the kernel half of the canonical address space of x86-64; " +
            "vmsim simulates user address spaces, 0x0 to 0xffffffffffff; with 4,096-byte pages, its pages are numbered below 68,719,476,736: leave the kernel's accesses out of the trace, or, ",
            result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("x86-64-5level", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_five_level_geometry_and_the_exact_curve_take_it()
    {
        var path = TracePath();

        var replay = Cli.Run("replay", path, "--geometry", "x86-64-5level", "--frames", "64", "--json").Json();
        var curve = Cli.Run("mrc", path, "--sizes", "64", "--json").Json();

        Assert.Equal(203, replay.GetProperty("accesses").GetInt64());
        Assert.Equal(51, replay.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(51, curve.GetProperty("points")[0].GetProperty("faults").GetInt64());
    }
}
