using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Vmsim.Web.Tests.Browser.PageSteps;

namespace Vmsim.Web.Tests.Browser;

/// <summary>
/// A student who follows a lecture with the keyboard alone, or with a screen reader: the
/// stepping controls are one Tab away, the focus stays where the keys work, and each event is
/// told once.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardAndSpeechTests(BrowserFixture browser)
{
    // Every text a live region of the page (status, alert, log, aria-live) is given, in order, from now on:
    // each update counts, the same text given again too, so that a message told twice is heard twice.
    private const string HearLiveRegions =
        """
        () => {
          window.heard = [];
          // One recorder a page: a second would hear each update twice.
          if (window.hearing) return;
          window.hearing = true;
          const live = '[aria-live], [role=status], [role=alert], [role=log]';
          new MutationObserver((changes) => {
            for (const change of changes) {
              const node = change.target.nodeType === Node.ELEMENT_NODE ? change.target : change.target.parentElement;
              const region = node?.closest(live);
              if (region && region.textContent.trim()) window.heard.push(`${region.id}: ${region.textContent}`);
            }
          }).observe(document.body, { childList: true, characterData: true, subtree: true });
        }
        """;

    [Fact]
    public async Task A_load_is_told_once_in_one_message_that_leaves_the_step_heading_to_the_focus()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        // The network slowed down as a busy server would be, so that a step of the old run is on its way when Load is pressed.
        var stepDelay = 0;
        var loadDelay = 0;
        await page.RouteAsync("**/api/sessions/*/steps/*", async route => { await Task.Delay(stepDelay); await route.ContinueAsync(); });
        await page.RouteAsync("**/api/sessions", async route => { await Task.Delay(loadDelay); await route.ContinueAsync(); });

        // Loaded again while playing, the same run is told again, and only the load: not the step playing
        // stopped at, not a step of the old run arriving while the load is under way, nor one arriving after it.
        (stepDelay, loadDelay) = (0, 300);
        var paused = await HeardOnLoadWhilePlaying(page, stepsPerSecond: "1");
        (stepDelay, loadDelay) = (300, 900);
        var during = await HeardOnLoadWhilePlaying(page, stepsPerSecond: "60");
        (stepDelay, loadDelay) = (900, 0);
        var after = await HeardOnLoadWhilePlaying(page, stepsPerSecond: "60");
        foreach (var heard in new[] { paused, during, after })
        {
            Assert.True(heard.Length == 1, "heard:\n" + string.Join("\n", heard));
            Assert.Matches("^step-status: Loaded fork and copy-on-write: 32 steps; faults: .*set-up\\. P1 \\(parent\\)", heard[0]);
            // The focused heading says the step's position: the message does not say it again.
            Assert.DoesNotContain("Step 0 of 32", heard[0], StringComparison.Ordinal);
        }

        // On screen, the news stays under the controls.
        await Expect(page.Locator("#notice"), "^Loaded fork and copy-on-write: 32 steps");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    // Plays, presses Load from the keyboard, and gives what the live regions were told meanwhile.
    private static async Task<string[]> HeardOnLoadWhilePlaying(IPage page, string stepsPerSecond)
    {
        await page.SelectOptionAsync("#speed", stepsPerSecond);
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => window.vmsim.snapshot.step >= 1");
        await page.EvaluateAsync(HearLiveRegions);
        await page.Locator("#load").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#step-label")).ToBeFocusedAsync();
        await Expect(page.Locator("#step-label"), "^Step 0 of 32");
        // Time for the late step to arrive and speak, were it to.
        await page.WaitForTimeoutAsync(1200);
        return await page.EvaluateAsync<string[]>("() => window.heard");
    }

    [Fact]
    public async Task Each_answer_is_told_once_each_time_it_is_asked_the_same_as_before_too()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        await page.ClickAsync("#last");
        await Expect(page.Locator("#step-label"), "^Step 32 of 32");
        await page.EvaluateAsync(HearLiveRegions);
        // The explanation, where the arrows and End step (in the toolbar they move the focus).
        await page.Locator("#explanation").FocusAsync();

        // A search that finds nothing, asked twice, and the last step asked for where it is already.
        var answers = new[] { ("n", "There is no fault after step 32\\."), ("n", "There is no fault after step 32\\."), ("End", "Step 32 of 32: "), ("ArrowRight", "Step 32 of 32: ") };
        foreach (var (key, answer) in answers)
        {
            var heard = await HeardOnKey(page, key);
            Assert.True(heard.Length == 1 && Regex.IsMatch(heard[0], "^step-status: " + answer), $"{key} heard:\n" + string.Join("\n", heard));
        }

        Assert.Empty(errors);
        await page.CloseAsync();
    }

    // Presses the key and gives what the live regions were told of it.
    private static async Task<string[]> HeardOnKey(IPage page, string key)
    {
        await page.EvaluateAsync("() => { window.heard = []; }");
        await page.Keyboard.PressAsync(key);
        try
        {
            await page.WaitForFunctionAsync("() => window.heard.length > 0", null, new PageWaitForFunctionOptions { Timeout = 3000 });
        }
        catch (TimeoutException)
        {
            // Nothing told: the assertion says so.
        }

        // Time for a second telling to arrive, were there one.
        await page.WaitForTimeoutAsync(300);
        return await page.EvaluateAsync<string[]>("() => window.heard");
    }

    [Fact]
    public async Task The_first_tab_stop_skips_the_form_to_the_stepping_controls_one_toolbar_whose_arrows_move_between_them()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);

        // As the page opens (the demo loaded), the first Tab shows the link over the page's top.
        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator("a.skip-link");
        await Assertions.Expect(skip).ToBeFocusedAsync();
        await Assertions.Expect(skip).ToHaveTextAsync("Skip to the stepping controls");
        var box = await skip.BoundingBoxAsync();
        Assert.True(box is { Y: >= 0, Height: > 10 }, $"the skip link is at {box?.Y} and {box?.Height} px high");

        // Enter lands on the controls, where the keys step; the next Tab is « First.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#controls")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#step-label"), "^Step 1 of 28");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#first")).ToBeFocusedAsync();

        // The buttons and lists are one toolbar, one Tab stop: the next Tab is the step box.
        var toolbar = page.Locator("[role=toolbar]");
        await Assertions.Expect(toolbar).ToHaveAccessibleNameAsync("Stepping controls");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#step-input")).ToBeFocusedAsync();

        // Inside it the arrows, Home and End move the focus, round from the last to the first, and do not step.
        await page.Keyboard.PressAsync("Shift+Tab");
        await Assertions.Expect(page.Locator("#first")).ToBeFocusedAsync();
        string[] moves = ["ArrowRight", "#back", "ArrowRight", "#play", "End", "#next-kind", "ArrowRight", "#first", "ArrowLeft", "#next-kind", "Home", "#first"];
        for (var i = 0; i < moves.Length; i += 2)
        {
            await page.Keyboard.PressAsync(moves[i]);
            await Assertions.Expect(page.Locator(moves[i + 1])).ToBeFocusedAsync();
        }

        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("#forward")).ToBeFocusedAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.vmsim.snapshot.step"));

        // Through a list too: the arrows move past it rather than choose another speed.
        var speed = await page.Locator("#speed").InputValueAsync();
        string[] across = ["ArrowRight", "#last", "ArrowRight", "#speed", "ArrowRight", "#prev-fault", "ArrowLeft", "#speed", "ArrowLeft", "#last", "ArrowLeft", "#forward"];
        for (var i = 0; i < across.Length; i += 2)
        {
            await page.Keyboard.PressAsync(across[i]);
            await Assertions.Expect(page.Locator(across[i + 1])).ToBeFocusedAsync();
        }

        Assert.Equal(speed, await page.Locator("#speed").InputValueAsync());

        // Enter presses the button; the control last focused holds the toolbar's one stop, and Tab comes back to it.
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#step-label"), "^Step 2 of 28");
        Assert.Equal(1, await toolbar.Locator("[tabindex='0']").CountAsync());
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Shift+Tab");
        await Assertions.Expect(page.Locator("#forward")).ToBeFocusedAsync();
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_page_table_with_the_focus_keeps_it_from_step_to_step()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        await page.ClickAsync("#forward");
        await Expect(page.Locator("#step-label"), "^Step 1 of 32");

        // The parent's table, drawn anew at each step, keeps the focus: the letters go on jumping from it.
        // The focus never moves, even to the same place, where a screen reader would read the table's name again.
        var table = page.Locator(".process[data-pid='1'] .pt-wrap");
        await table.FocusAsync();
        await page.EvaluateAsync("() => { window.focusMoves = 0; document.addEventListener('focusin', () => window.focusMoves++); }");
        await page.Keyboard.PressAsync("n");
        await Expect(page.Locator("#step-label"), "^Step 2 of 32");
        await Assertions.Expect(table).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("n");
        await Expect(page.Locator("#step-label"), "^Step 3 of 32");
        await Assertions.Expect(table).ToBeFocusedAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.focusMoves"));

        // The child's table, gone with the child's exit, leaves the focus on the panel's heading, still in the stepping part.
        await NextOfKind(page, "CowCopy", "COW copy");
        await page.Locator(".process[data-pid='2'] .pt-wrap").FocusAsync();
        await page.SelectOptionAsync("#jump-kind", "CowReuse");
        await page.Locator(".process[data-pid='2'] .pt-wrap").FocusAsync();
        await page.Keyboard.PressAsync("k");
        await Expect(page.Locator("#badges"), "COW reuse");
        await Assertions.Expect(page.Locator(".process[data-pid='2'] .pt-wrap")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#pt-heading")).ToBeFocusedAsync();
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_stepping_buttons_tell_assistive_technology_their_keys_as_the_help_lists_them()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        // The arrows, Home and End move the focus inside the toolbar, where these buttons are: none of them claims one.
        var keys = await page.EvaluateAsync<string>(
            "() => ['first', 'back', 'play', 'forward', 'last', 'prev-fault', 'next-fault', 'prev-kind', 'next-kind'].map((id) => `${id}=${document.getElementById(id).getAttribute('aria-keyshortcuts') ?? ''}`).join(' ')");
        Assert.Equal("first= back= play=Space forward= last= prev-fault=Shift+N next-fault=N prev-kind=Shift+K next-kind=K", keys);
        await page.ClickAsync("#help-button");
        await Expect(page.Locator("#help"), "skips the form to the stepping controls");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_long_reference_string_says_both_that_it_loaded_and_how_to_draw_its_policy_comparison()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        // 80,000 references over 100 pages: the default comparison (4 policies, 1 to 64 frames) is past its limit.
        var refs = string.Join(' ', Enumerable.Range(0, 80_000).Select(i => (i * 37 % 100).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await LoadRefs(page, refs, frames: 3);
        await Expect(page.Locator("#notice"), "^Loaded Reference string.*: 80,000 steps.*" + Regex.Escape("The reference string is long: choose fewer policies or frames and press Redraw"));
        // Every number in it is written with separators, the fault counts as the steps.
        Assert.DoesNotMatch(@"\d{4}", await page.Locator("#notice").InnerTextAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    // The boxes that scroll, or do not, against their Tab stops: the names of those that disagree.
    private const string StopsAstray =
        """
        () => [...document.querySelectorAll('#source, .table-wrap, .pt-wrap')].filter((b) => b.offsetParent !== null)
          .filter((b) => (b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1) !== (b.tabIndex === 0))
          .map((b) => b.getAttribute('aria-label'))
        """;

    [Fact]
    public async Task A_box_is_a_tab_stop_while_it_has_more_than_it_shows()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);

        // The demo's step 0: its source scrolls, the empty TLB and the empty swap show all they hold.
        Assert.Empty(await page.EvaluateAsync<string[]>(StopsAstray));
        Assert.Equal(0, await page.Locator("#source").EvaluateAsync<int>("e => e.tabIndex"));
        await page.Locator("#explanation").FocusAsync();
        var stops = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            stops.Add(await page.EvaluateAsync<string>("() => document.activeElement.id || document.activeElement.getAttribute('aria-label') || document.activeElement.tagName"));
        }

        Assert.DoesNotContain("tlb-table", stops);
        Assert.DoesNotContain("swap", stops);
        Assert.Contains("SUMMARY", stops);

        // At 400 % zoom the page tables are wider than their boxes: they become stops, with no step taken.
        await page.SetViewportSizeAsync(320, 640);
        await page.WaitForFunctionAsync($"() => ({StopsAstray})().length === 0");
        Assert.Equal(0, await page.Locator(".process[data-pid='1'] .pt-wrap").EvaluateAsync<int>("e => e.tabIndex"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_box_with_the_focus_keeps_its_tab_stop_when_it_no_longer_scrolls()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        var table = page.Locator(".process[data-pid='1'] .pt-wrap");
        const string Scrolls = "b => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1";

        // Narrow, the table scrolls and is a stop; widened with the focus on it, it shows all it holds and stays one,
        // so that Shift+Tab and Tab come back to where the user is.
        await page.SetViewportSizeAsync(320, 640);
        await Assertions.Expect(table).ToHaveAttributeAsync("tabindex", "0");
        await table.FocusAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await table.EvaluateAsync($"b => new Promise((done) => {{ const wait = () => ({Scrolls})(b) ? requestAnimationFrame(wait) : setTimeout(done, 200); wait(); }})");
        Assert.Equal(0, await table.EvaluateAsync<int>("b => b.tabIndex"));

        // Once the focus has left it, it is no stop.
        await page.Locator("#explanation").FocusAsync();
        await page.SetViewportSizeAsync(1440, 901);
        await Assertions.Expect(table).ToHaveAttributeAsync("tabindex", "-1");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_failed_step_leaves_the_next_move_where_the_page_is_and_a_good_step_takes_its_alert_away()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.Locator("#controls").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#step-label"), "^Step 1 of 28");

        // The server fails two steps in a row: the page stays at step 1 and says why.
        await page.RouteAsync("**/api/sessions/*/steps/*", route => route.FulfillAsync(new RouteFulfillOptions { Status = 500, ContentType = "application/json", Body = "{}" }));
        for (var i = 0; i < 2; i++)
        {
            await page.RunAndWaitForResponseAsync(() => page.Keyboard.PressAsync("ArrowRight"), "**/api/sessions/*/steps/*");
            await Expect(page.Locator("#error"), "the server answered 500");
        }

        await page.WaitForTimeoutAsync(100);
        await Expect(page.Locator("#step-label"), "^Step 1 of 28");

        // Served again, the next step is step 2, and the alert goes.
        await page.UnrouteAsync("**/api/sessions/*/steps/*");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#step-label"), "^Step 2 of 28");
        await Assertions.Expect(page.Locator("#error")).ToBeHiddenAsync();
        Assert.Contains(errors, e => e.Contains("500", StringComparison.Ordinal));
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_keyboard_help_closes_with_escape_and_the_step_box_and_slider_have_names_of_their_own()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.Locator("#help-button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#help")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#help")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#help-button")).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(page.Locator("#help-button")).ToBeFocusedAsync();

        await Assertions.Expect(page.Locator("#step-input")).ToHaveAccessibleNameAsync("Step");
        await Assertions.Expect(page.Locator("#scrubber")).ToHaveAccessibleNameAsync("Step slider");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_fault_chart_says_in_words_what_each_kind_adds_up_to_and_where_its_table_is()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await Assertions.Expect(page.Locator("#timeline-chart")).ToHaveAccessibleNameAsync(
            new Regex("^Faults of each kind over the steps of the run, a bar a step: 9 zero-fill, .*1 out of memory in all\\. Data as a table, under the chart, gives them step by step\\.$"));
        await Assertions.Expect(page.Locator("#timeline-chart")).ToHaveAccessibleDescriptionAsync(new Regex("^Faults of each kind per step over the whole run"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_screen_reader_hears_each_fault_path_stage_named_apart_from_its_text()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        await NextOfKind(page, "CowCopy", "COW copy");
        var path = await page.Locator("#fault-path").AriaSnapshotAsync();
        // The name's box is a run of its own, so the colon is read after a space.
        Assert.Contains("- listitem: \"TLB : page 0x", path, StringComparison.Ordinal);
        Assert.Contains("- listitem: \"Page table : ", path, StringComparison.Ordinal);
        // On screen the box sets the name apart, with no colon.
        Assert.Equal("TLB", await page.Locator("#fault-path li .stage-kind").First.InnerTextAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }
}
