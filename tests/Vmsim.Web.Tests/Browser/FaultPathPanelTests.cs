using System.Globalization;
using static Vmsim.Web.Tests.Browser.PageSteps;

namespace Vmsim.Web.Tests.Browser;

/// <summary>The Fault path panel, read as a student at the projector would: each stage of the step's access, in order, by its name.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FaultPathPanelTests(BrowserFixture browser)
{
    // The panel's stages as (name shown, stage id, text), in the order listed.
    private static async Task<(string Label, string Kind, string Text)[]> Stages(Microsoft.Playwright.IPage page)
    {
        var items = page.Locator("#fault-path li");
        var stages = new List<(string, string, string)>();
        for (var i = 0; i < await items.CountAsync(); i++)
        {
            var item = items.Nth(i);
            stages.Add((await item.Locator(".stage-kind").InnerTextAsync(), (await item.GetAttributeAsync("data-stage"))!, await item.Locator(".stage-text").InnerTextAsync()));
        }

        return [.. stages];
    }

    [Fact]
    public async Task A_cow_copy_lists_its_seven_stages_by_name_in_order_without_a_walk()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        await NextOfKind(page, "CowCopy", "COW copy");

        await Expect(page.Locator("#fault-path-summary"), "^COW copy: 7 stages, in the order the machine went through them\\.$");
        var stages = await Stages(page);
        Assert.Equal(["TLB", "Kernel", "Lookup", "Frame", "Fetch", "Page table", "Restart"], stages.Select(s => s.Label));
        Assert.Equal(["tlb", "kernel", "lookup", "frame", "fetch", "page-table", "restart"], stages.Select(s => s.Kind));
        Assert.Matches(@"^Copy-on-write: frame (\d+) is shared with P1 \(parent\) → copy it \(minor fault\)\.$", stages[2].Text);
        Assert.Matches(@"^copy of frame \d+ into frame \d+\.$", stages[4].Text);
        // The ordered list numbers the stages; its heading names the panel for a screen reader.
        Assert.Equal("OL", await page.Locator("#fault-path").EvaluateAsync<string>("e => e.tagName"));
        Assert.Equal("Fault path", await page.Locator("section[aria-labelledby='fp-heading'] h3").InnerTextAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_swap_in_that_evicts_a_dirty_page_shows_the_write_back_in_its_frame_stage()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "demo", "A tour of every kind of page fault");
        await NextOfKind(page, "SwapIn", "swap-in");

        var stages = await Stages(page);
        Assert.Equal(["tlb", "walk", "kernel", "lookup", "frame", "fetch", "page-table", "restart"], stages.Select(s => s.Kind));
        Assert.Matches(@"^PML4\[0\] → PDPT\[0\] → PD\[128\] → PT\[0\]: the entry is not present; it holds swap slot \d+", stages[1].Text);
        Assert.StartsWith("Swap cache: ", stages[3].Text, StringComparison.Ordinal);
        Assert.Matches(@"evicted page 0x20000 of P2 \(editor\) from frame \d+, writing it to swap slot \d+ because it was dirty", stages[4].Text);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Frames_passed_over_by_reclaim_are_marked_with_why_and_the_evicted_one_alone_is_crossed()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "demo", "A tour of every kind of page fault");
        await NextOfKind(page, "SwapIn", "swap-in");
        await NextOfKind(page, "eviction", "zero-fill");

        await Expect(page.Locator("#explanation"), @"passed over frames 5 and 0-3 \(dirty anonymous pages, and no swap slot free\)");
        var frameStage = page.Locator("#fault-path li[data-stage='frame'] .stage-text");
        await Expect(frameStage, @"passed over frames 5 and 0-3");
        // The frame reclaim took is the one the fault was given: used by the step and emptied by its eviction.
        var crossed = page.Locator("#frames-table td.mark", new() { HasTextString = "✖" });
        Assert.Equal("▶✖", await crossed.InnerTextAsync());
        foreach (var frame in new[] { "0", "1", "2", "3", "5" })
        {
            var mark = page.Locator($"#frames-table tr[data-frame='{frame}'] td.mark");
            Assert.Equal("↷", await mark.InnerTextAsync());
            Assert.Equal("passed over by reclaim: a dirty anonymous page, and no swap slot free", await mark.GetAttributeAsync("data-says"));
        }
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_sigsegv_stops_at_the_kernel_a_hit_is_its_tlb_stage_and_an_operation_has_no_path()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");

        // The fork: an operation, not an access.
        await GoTo(page, 11);
        await Expect(page.Locator("#fault-path-summary"), @"^This step is an operation \(fork\), not a memory access: there is no access path\.$");
        Assert.Equal(0, await page.Locator("#fault-path li").CountAsync());

        // The child's write after its copy: a TLB hit, one stage.
        await GoTo(page, 24);
        await Expect(page.Locator("#fault-path-summary"), @"^A hit: 1 stage, no fault\.$");
        var hit = Assert.Single(await Stages(page));
        Assert.Equal(("TLB", "tlb"), (hit.Label, hit.Kind));
        Assert.EndsWith("and the entry allows the write. No fault, no walk.", hit.Text, StringComparison.Ordinal);

        await LoadExample(page, "segfaults", "Segmentation faults");
        await NextOfKind(page, "SegvProtection", @"SIGSEGV \(protection\)");
        var stages = await Stages(page);
        Assert.Equal(["TLB", "Walk", "Kernel"], stages.Select(s => s.Label));
        Assert.Contains("→ SIGSEGV", stages[2].Text, StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.CloseAsync();
    }
}
