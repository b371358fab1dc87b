using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Vmsim.Web.Tests.Browser.PageSteps;

namespace Vmsim.Web.Tests.Browser;

/// <summary>
/// The page used without a mouse, through a screen reader, zoomed in: every control works from
/// the keyboard, the focus never falls off the page, and the steps are told in words.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private static Task<string> Focused(IPage page) =>
        page.EvaluateAsync<string>("() => { const e = document.activeElement; return e === document.body || e === null ? 'body' : e.id || e.tagName.toLowerCase(); }");

    private static Task<bool> Playing(IPage page) => page.EvaluateAsync<bool>("() => window.vmsim.playing");

    [Fact]
    public async Task Space_and_the_arrows_on_a_focused_control_work_that_control_and_do_not_step()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadRefs(page, TestWorkloads.BeladyString, frames: 3);

        // A check box of the policy comparison ticks with Space, and nothing plays.
        var lru = page.Locator("#belady-policies input[value=lru]");
        var ticked = await lru.IsCheckedAsync();
        await lru.FocusAsync();
        await page.Keyboard.PressAsync(" ");
        Assert.Equal(!ticked, await lru.IsCheckedAsync());
        Assert.False(await Playing(page));

        // Space on the Keyboard button opens the help, and nothing plays.
        await page.Locator("#help-button").FocusAsync();
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(page.Locator("#help")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#help-button")).ToHaveAttributeAsync("aria-expanded", "true");
        Assert.False(await Playing(page));

        // Space on "Data as a table" opens it.
        await page.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync(" ");
        Assert.True(await page.Locator("details").EvaluateAsync<bool>("d => d.open"));
        Assert.False(await Playing(page));

        // The right arrow on a radio chooses the next kind of workload; the run stays at step 0.
        await page.Locator("input[name=kind][value=refs]").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("input[name=kind][value=trace]")).ToBeCheckedAsync();
        await Expect(page.Locator("#step-label"), "^Step 0 of ");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_focus_stays_on_a_control_at_the_last_step_and_after_a_load()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");

        // Load by the keyboard: the focus goes on to the step, where the arrows step.
        await page.Locator("#load").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#step-label")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#step-label"), "^Step 1 of ");

        // Last at the last step cannot act, but keeps the focus; so does First at step 0.
        await page.Locator("#last").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#step-label"), "^Step 32 of 32");
        await Assertions.Expect(page.Locator("#last")).ToHaveAttributeAsync("aria-disabled", "true");
        Assert.Equal("last", await Focused(page));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("last", await Focused(page));
        await page.Locator("#first").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#step-label"), "^Step 0 of 32");
        Assert.Equal("first", await Focused(page));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Theory]
    [InlineData(640, 800)]
    [InlineData(320, 640)]
    public async Task Zoomed_in_the_page_reflows_without_scrolling_sideways(int width, int height)
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.SetViewportSizeAsync(width, height);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        await NextOfKind(page, "CowCopy", "COW copy");

        // 640 and 320 CSS pixels: a 1280 px wide screen at 200 % and at 400 % zoom (WCAG 1.4.10).
        var wider = await page.EvaluateAsync<string>(
            """
            () => [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap, .pt-wrap, .source-view, .badges, .chart-box'))
              .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).join('; ')
            """);
        var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scroll <= width, $"the page is {scroll} px wide on a {width} px screen: {wider}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"vmsim-reflow-{width}x{height}.png") });
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_screen_reader_is_told_each_step_it_stops_at_and_not_every_step_played()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        var status = page.Locator("#step-status");
        Assert.Equal("status", await status.GetAttributeAsync("role"));
        Assert.Null(await page.Locator("#explanation").GetAttributeAsync("aria-live"));

        // One step: its position, title, badges and explanation, in one message.
        await page.ClickAsync("#forward");
        await Expect(page.Locator("#step-label"), "^Step 1 of 32");
        var explanation = (await page.Locator("#explanation").InnerTextAsync()).Split('\n')[0];
        await Expect(status, "^Step 1 of 32: Line \\d+: parent executes 0x400000\\. .*(hit|fault)");
        Assert.Contains(explanation, await status.TextContentAsync(), StringComparison.Ordinal);

        // Playing at 60 steps a second writes nothing; pausing tells the step reached.
        await page.SelectOptionAsync("#speed", "60");
        await page.EvaluateAsync(
            """
            () => {
              window.statusWrites = 0;
              new MutationObserver(() => window.statusWrites++).observe(document.getElementById('step-status'), { childList: true, characterData: true, subtree: true });
            }
            """);
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => window.vmsim.snapshot.step >= 12");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.statusWrites"));
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => document.getElementById('step-status').textContent.startsWith(`Step ${window.vmsim.snapshot.step} of 32: `)");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.statusWrites"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_letter_shortcuts_act_only_with_the_focus_on_the_stepping_side_of_the_page()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");

        // From the form (a radio) or with nothing focused, n does nothing.
        await page.Locator("input[name=kind][value=example]").FocusAsync();
        await page.Keyboard.PressAsync("n");
        await page.EvaluateAsync("() => document.activeElement.blur()");
        await page.Keyboard.PressAsync("n");
        await page.Keyboard.PressAsync("k");
        // A step drawn by then would show: one move later the page shows step 1, not a fault.
        await page.Locator("#explanation").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#step-label"), "^Step 1 of 32");

        // On a stepping button it jumps to the next fault.
        await page.Locator("#forward").FocusAsync();
        await page.Keyboard.PressAsync("n");
        await Expect(page.Locator("#badges"), "file read");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Axe_finds_nothing_against_wcag_2_1_a_aa_or_its_best_practices_at_the_start_at_a_cow_copy_and_in_the_policy_comparison()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        var found = new List<string>();
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        found.AddRange(await Violations(page, "fork-cow, step 0"));
        await NextOfKind(page, "CowCopy", "COW copy");
        await page.Locator("summary").ClickAsync();
        await page.ClickAsync("#help-button");
        found.AddRange(await Violations(page, "fork-cow at its COW copy, the help and the chart's table open"));
        await LoadRefs(page, TestWorkloads.BeladyString, frames: 3);
        await page.ClickAsync("#last");
        await Expect(page.Locator("#step-label"), "^Step 12 of 12");
        found.AddRange(await Violations(page, "the reference string at its last step"));
        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    // Axe's rules for WCAG 2.0 and 2.1 levels A and AA and its best practices, one line a rule broken.
    private static async Task<IEnumerable<string>> Violations(IPage page, string state)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        return result.Violations.Select(v =>
            $"{state}: {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Take(4).Select(n => n.Target.ToString()))}{(v.Nodes.Length > 4 ? $" and {v.Nodes.Length - 4} more" : "")}");
    }

    [Fact]
    public async Task The_fault_kinds_of_the_chart_are_told_apart_without_telling_red_from_green()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "demo", "A tour of every kind of page fault");

        // Each kind its own fill among Okabe and Ito's colours, plain or hatched, and a dark outline.
        var fills = await page.EvaluateAsync<string[]>(
            "() => window.vmsim.charts.timeline.data.datasets.filter((d) => d.kindFill).map((d) => `${d.label} ${d.kindFill.colour} ${d.kindFill.hatched} ${d.borderColor}`)");
        string[] okabeIto = ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"];
        Assert.True(fills.Length >= 6, string.Join(" | ", fills));
        Assert.All(fills, f => Assert.Contains(f.Split(' ')[^3], okabeIto));
        Assert.All(fills, f => Assert.EndsWith(" #1d2430", f, StringComparison.Ordinal));
        var kinds = fills.Select(f => string.Join(' ', f.Split(' ')[^3..^1])).ToList();
        Assert.Equal(kinds.Count, kinds.Distinct(StringComparer.Ordinal).Count());
        await page.Locator("#timeline-chart").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "vmsim-fault-kinds.png") });
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    // A phone held upright (360 px), and a 1366 px laptop at 150 % zoom (910 px) with a long title.
    [Theory]
    [InlineData(360, 740, "fork-cow", "fork and copy-on-write", 9, "Step 9 of 32 — Line 26: parent writes 0x10006000")]
    [InlineData(910, 600, "oom", "Out of memory", 14, "Step 14 of 16 — Line 26: hog has ended, so its next 53 accesses are not made")]
    public async Task The_step_heading_wraps_to_show_its_whole_text(int width, int height, string example, string title, int step, string text)
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.SetViewportSizeAsync(width, height);
        await LoadExample(page, example, title);
        await GoTo(page, step);
        var heading = page.Locator("#step-label");
        await Assertions.Expect(heading).ToHaveTextAsync(text);

        // Each of its lines shows whole, none of it is cut or scrolled away, nor ended with "…".
        Assert.Equal("clip", await heading.EvaluateAsync<string>("e => getComputedStyle(e).textOverflow"));
        Assert.True(await heading.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight"),
            await heading.EvaluateAsync<string>("e => `the heading shows ${e.clientWidth} by ${e.clientHeight} px of its ${e.scrollWidth} by ${e.scrollHeight}`"));
        Assert.True(await heading.EvaluateAsync<bool>("e => { const r = document.createRange(); r.selectNodeContents(e); const text = r.getBoundingClientRect(), box = e.getBoundingClientRect(); return text.right <= box.right + 1 && text.bottom <= box.bottom + 1; }"),
            "the heading's text runs out of its box");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Narrow_the_step_heading_keeps_two_lines_so_that_a_one_line_title_does_not_move_what_is_below()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        // 600 px: step 0's title takes two lines, step 9's one.
        await page.SetViewportSizeAsync(600, 800);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        const string BadgesDown = "() => document.getElementById('badges').getBoundingClientRect().top - document.querySelector('.explain').getBoundingClientRect().top";
        const string TitleLines = "e => { const r = document.createRange(); r.selectNodeContents(e); return Math.round(r.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)); }";
        var heading = page.Locator("#step-label");
        Assert.Equal(2, await heading.EvaluateAsync<int>(TitleLines));
        var twoLines = await page.EvaluateAsync<double>(BadgesDown);
        await GoTo(page, 9, 32);
        Assert.Equal(1, await heading.EvaluateAsync<int>(TitleLines));
        Assert.Equal(twoLines, await page.EvaluateAsync<double>(BadgesDown), 0.5);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_references_made_are_struck_through_and_said_done_and_the_current_one_marked_and_said_current()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadRefs(page, TestWorkloads.BeladyString, frames: 3);
        await GoTo(page, 3, 12);
        var refs = page.Locator("#source .ref");

        // Not by colour alone (WCAG 1.4.1): a line through the references made, and the words for a screen reader.
        var drawn = await refs.EvaluateAllAsync<string[]>(
            "refs => refs.slice(0, 4).map((r) => `${getComputedStyle(r).textDecorationLine} ${getComputedStyle(r, '::before').content} ${r.getAttribute('aria-current')}`)");
        Assert.Equal(["line-through none null", "line-through none null", "none \"▶\" step", "none none null"], drawn);
        var read = await page.Locator("#source").AriaSnapshotAsync();
        Assert.Contains("1 done 2 done ▶3 current 4 1", read, StringComparison.Ordinal);

        // A step back, the reference taken back is neither.
        await GoTo(page, 2, 12);
        Assert.Contains("1 done ▶2 current 3 4", await page.Locator("#source").AriaSnapshotAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_explanation_shows_its_whole_text_at_1024_by_768()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.SetViewportSizeAsync(1024, 768);
        await LoadExample(page, "thrashing", "Thrashing");
        var cut = new List<int>();
        for (var step = 1; step <= 30; step++)
        {
            await page.Locator("#forward").ClickAsync();
            await Expect(page.Locator("#step-label"), $"^Step {step} of ");
            if (await page.Locator("#explanation").EvaluateAsync<bool>("e => e.scrollHeight > e.clientHeight + 1"))
            {
                cut.Add(step);
            }
        }

        Assert.True(cut.Count == 0, $"the explanation is cut at steps {string.Join(", ", cut)}");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_screen_reader_reads_each_row_of_the_tables_by_its_page_or_frame_and_each_symbol_in_words()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        await NextOfKind(page, "CowCopy", "COW copy");

        // The child's entry: headed by its page, its ▶ and its clear bits said in words.
        var entry = await page.Locator(".process[data-pid='2'] tr.current").AriaSnapshotAsync();
        Assert.Contains("- cell \"▶ accessed by this step\"", entry, StringComparison.Ordinal);
        Assert.Contains("- rowheader \"0x10000\"", entry, StringComparison.Ordinal);
        Assert.Contains("- cell \"W set\"", entry, StringComparison.Ordinal);
        Assert.Contains("- cell \"· clear\"", entry, StringComparison.Ordinal);
        // The mark column has a name, and the letters of the bits theirs.
        var header = await page.Locator(".process[data-pid='2'] thead").AriaSnapshotAsync();
        Assert.Contains("- columnheader \"accessed by this step\"", header, StringComparison.Ordinal);
        Assert.Contains("- columnheader \"copy-on-write\"", header, StringComparison.Ordinal);

        // A frame: headed by its number, its ◆ said as the source of the copy.
        var source = await page.Locator("#frames-table tr.source").AriaSnapshotAsync();
        Assert.Matches("- rowheader \"\\d+\"", source);
        Assert.Contains("- cell \"◆ copied or read from\"", source, StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_field_refused_is_marked_invalid_and_described_by_the_error_until_it_loads()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.CheckAsync("input[name=kind][value=refs]");
        await page.FillAsync("#working-set", "2.5");
        await PressLoad(page);
        await Expect(page.Locator("#error"), "working-set window: expected a number of references");
        var field = page.Locator("#working-set");
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        // Its own hint still describes it, and the error with it.
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-describedby", "working-set-hint error");
        Assert.Equal(1, await page.Locator("[aria-invalid=true]").CountAsync());

        await page.FillAsync("#working-set", "0");
        await PressLoad(page);
        await Expect(page.Locator("#workload-title"), "Reference string");
        await Assertions.Expect(field).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-describedby", "working-set-hint");

        // A scenario that cannot be read marks the YAML box.
        await page.CheckAsync("input[name=kind][value=yaml]");
        await page.FillAsync("#yaml", "title: [broken");
        await PressLoad(page);
        await Assertions.Expect(page.Locator("#error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#yaml")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.All(errors, e => Assert.Contains("400", e, StringComparison.Ordinal));
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_arrows_scroll_a_box_wider_than_its_view_and_step_from_one_that_fits()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.SetViewportSizeAsync(640, 800);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");

        // The source's long lines are wider than the stacked column: the arrows scroll it.
        var source = page.Locator("#source");
        Assert.True(await source.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"));
        await source.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        // The browser scrolls smoothly: wait for it to move.
        await page.WaitForFunctionAsync("() => document.getElementById('source').scrollLeft > 0");
        await Expect(page.Locator("#step-label"), "^Step 0 of ");

        // The explanation wraps its text: from there the arrows step.
        await page.Locator("#explanation").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#step-label"), "^Step 1 of ");
        Assert.Empty(errors);
        await page.CloseAsync();
    }
}
