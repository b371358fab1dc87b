using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Vmsim.Web.Tests.Browser.PageSteps;

namespace Vmsim.Web.Tests.Browser;

/// <summary>The page in a real browser, used as a student would: with the mouse and the keyboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class VisualizerPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Fork_cow_jumps_to_the_cow_copy_and_shows_the_childs_entry_writable_in_another_frame()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");

        await NextOfKind(page, "CowCopy", "COW copy");

        var explanation = await page.Locator("#explanation").InnerTextAsync();
        Assert.Matches(@"P2 \(child\) wrote page 0x10000 \(heap, rw-\): it was shared copy-on-write with P1 \(parent\), so the kernel copied frame (\d+) into frame (\d+) and pointed the entry of P2 \(child\) there, writable", explanation);
        var frames = CopiedFrames().Match(explanation);
        var from = frames.Groups[1].Value;
        var to = frames.Groups[2].Value;

        // The child's entry: the marked row, present, writable, no longer COW, in the new frame.
        var child = page.Locator(".process[data-pid='2'] tr.current");
        Assert.Equal(["▶", "0x10000", "heap", "P", to, "R", "W", "·", "A", "D", "·"], await Cells(child));
        // The parent's entry for the same page: still the old frame, read-only and COW.
        var parent = page.Locator(".process[data-pid='1'] tr[data-page='0x10000']");
        Assert.Equal(["", "0x10000", "heap", "P", from, "R", "·", "·", "A", "D", "C"], await Cells(parent));
        Assert.NotEqual(from, to);

        // The frames panel marks the copy and its source with symbols, not only colour.
        Assert.Equal("▶", await page.Locator($"#frames-table tr[data-frame='{to}'] td.mark").InnerTextAsync());
        Assert.Equal("◆", await page.Locator($"#frames-table tr[data-frame='{from}'] td.mark").InnerTextAsync());
        Assert.Equal("1", await page.Locator("[data-counter='cowCopy']").InnerTextAsync());
        await Expect(page.Locator("#source .src-line.current"), "touch: child");

        var screenshot = BrowserFixture.DocImagePath("visualizer-cow.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Shared_anonymous_memory_shows_one_frame_mapped_by_both_processes_and_its_object()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "shared-memory", "shared anonymous memory");

        await NextOfKind(page, "PageCache", "page-cache hit");
        await Expect(page.Locator("#explanation"), @"P1 \(parent\) read page 0x20003 \(shared, rw-\): not mapped here, but shared anon #1 \(page 3\) already had that page");

        // The frame the parent found: a page of the shared object, mapped by both processes.
        var row = page.Locator("#frames-table tr.current");
        var cells = await Cells(row);
        Assert.Contains("shared anon #1 p3", cells);
        Assert.Contains("P1 0x20003, P2 0x20003", cells);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_hogs_accesses_after_the_oom_kill_are_one_step_to_step_scrub_and_jump_to()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "oom", "Out of memory");

        // 68 events of the plan, 53 of them accesses the killed hog does not make: 16 steps.
        await Expect(page.Locator("#step-total"), "^of 16$");
        Assert.Equal("16", await page.GetAttributeAsync("#scrubber", "max"));
        Assert.Equal(17, await page.EvaluateAsync<int>("() => window.vmsim.charts.timeline.data.labels.length"));

        await page.SelectOptionAsync("#jump-kind", "Oom");
        await page.ClickAsync("#next-kind");
        await Expect(page.Locator("#step-label"), "^Step 13 of 16 ");
        await page.ClickAsync("#forward");
        await Expect(page.Locator("#step-label"), "^Step 14 of 16 — Line 26: hog has ended, so its next 53 accesses are not made$");
        await Expect(page.Locator("#badges"), "^skipped: 53 accesses of P2 not made$");
        await Expect(page.Locator("#explanation"), @"… and 52 more accesses of P2 \(hog\) not made, likewise, up to its access to 0x1003f000\.");
        await Expect(page.Locator("#source .src-line.current"), "touch: hog");
        await Expect(page.Locator(".process[data-pid='2'] h3"), "oom");

        // One step on is the small process's next access, one step back the run again.
        await page.ClickAsync("#forward");
        await Expect(page.Locator("#step-label"), "^Step 15 of 16 — Line 29: small reads");
        await page.ClickAsync("#back");
        await Expect(page.Locator("#step-label"), "^Step 14 of 16 — Line 26: hog has ended");

        // By number, from the step box and the scrubber.
        await page.ClickAsync("#first");
        await Expect(page.Locator("#step-label"), "^Step 0 of 16 ");
        await page.FillAsync("#step-input", "14");
        await page.Locator("#step-input").DispatchEventAsync("change");
        await Expect(page.Locator("#badges"), "^skipped: 53 accesses of P2 not made$");
        await page.EvaluateAsync("() => { const s = document.getElementById('scrubber'); s.value = '15'; s.dispatchEvent(new Event('input')); }");
        await Expect(page.Locator("#step-label"), "^Step 15 of 16 ");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_belady_string_charts_9_faults_at_3_frames_and_10_at_4_under_fifo()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.CheckAsync("input[name=kind][value=refs]");
        await page.FillAsync("#refs", TestWorkloads.BeladyString);
        await page.FillAsync("#frames", "3");
        await page.SelectOptionAsync("#policy", "fifo");
        await PressLoad(page);
        await Assertions.Expect(page.Locator("#belady-panel")).ToBeVisibleAsync();
        await Expect(page.Locator("#step-label"), "^Step 0 of 12");

        Assert.Equal("9", await page.Locator("#belady-table tr[data-policy='fifo'] td[data-frames='3']").InnerTextAsync());
        Assert.Equal("10", await page.Locator("#belady-table tr[data-policy='fifo'] td[data-frames='4']").InnerTextAsync());
        var chart = await page.EvaluateAsync<JsonElement>(
            "() => { const c = window.vmsim.charts.belady; const d = c.data.datasets.find(s => s.label === 'FIFO'); return { labels: c.data.labels, fifo: d.data }; }");
        var labels = chart.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
        var fifo = chart.GetProperty("fifo").EnumerateArray().Select(f => f.GetInt32()).ToList();
        Assert.Equal(9, fifo[labels.IndexOf("3")]);
        Assert.Equal(10, fifo[labels.IndexOf("4")]);
        await Expect(page.Locator("#belady-anomalies"), "FIFO faults 10 times with 4 frames but 9 times with 3");

        // Stepping the string itself: the last step has counted the 9 faults of 3 frames.
        await page.ClickAsync("#last");
        await Expect(page.Locator("#step-label"), "^Step 12 of 12");
        Assert.Equal("9", await page.Locator("[data-counter='faults']").InnerTextAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_gzipped_lackey_trace_is_uploaded_stepped_and_counted_as_vmsim_replay_counts_it()
    {
        var trace = TestWorkloads.LackeyLoop(pages: 5, times: 3);
        var folder = Directory.CreateTempSubdirectory("vmsim-trace-");
        try
        {
            var path = Path.Combine(folder.FullName, "loop.lackey.gz");
            await File.WriteAllBytesAsync(path, TestWorkloads.Gzip(trace));

            var errors = new List<string>();
            var page = await browser.OpenAsync(errors);
            await page.CheckAsync("input[name=kind][value=trace]");
            Assert.Equal("16", await page.InputValueAsync("#frames")); // vmsim replay's defaults
            Assert.Equal("clock", await page.InputValueAsync("#policy"));
            Assert.Equal("64", await page.InputValueAsync("#tlb"));
            await page.SetInputFilesAsync("#trace-file", path);
            await page.FillAsync("#frames", "3");
            await page.SelectOptionAsync("#policy", "fifo");
            await PressLoad(page);
            await Expect(page.Locator("#step-label"), "^Step 0 of 28");
            await Expect(page.Locator("#notice"), "All 27 accesses of loop\\.lackey\\.gz \\(lackey\\)");

            // The first fault is the first access; the source panel lists it, marked.
            await page.ClickAsync("#next-fault");
            await Expect(page.Locator("#step-label"), "^Step 2 of 28");
            await Expect(page.Locator("#source .src-line.current"), "^1\\s*X 0x400000$");
            Assert.Equal(17, await page.Locator("#source .src-line").CountAsync());

            // At the end, the counts of a replay of the same accesses on the same machine.
            var replay = new Core.Simulation.TraceReplay(new Core.Simulation.MachineConfig { Frames = 3, Policy = "fifo" });
            var reader = Core.Workloads.Traces.TraceFormats.Open(new MemoryStream(trace), "t", "lackey", 4096);
            replay.Run(reader);
            await page.ClickAsync("#last");
            await Expect(page.Locator("#step-label"), "^Step 28 of 28");
            Assert.Equal(replay.Machine.Counters.Faults.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("[data-counter='faults']").InnerTextAsync());
            Assert.True(replay.Machine.Counters.Faults > 5);

            // A file that is no trace is refused in words, naming the line.
            var bad = Path.Combine(folder.FullName, "notes.lackey");
            await File.WriteAllTextAsync(bad, "I  00400000,4\nthis is not a trace\n");
            await page.SetInputFilesAsync("#trace-file", bad);
            await page.SelectOptionAsync("#trace-format", "lackey");
            await PressLoad(page);
            await Expect(page.Locator("#error"), "notes\\.lackey:2");
            await Expect(page.Locator("#step-label"), "^Step 28 of 28");
            Assert.All(errors, e => Assert.Contains("400", e, StringComparison.Ordinal)); // the refusal's status, nothing else
            await page.CloseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_headerless_csv_trace_is_uploaded_with_its_columns_given_as_replays_csv_options()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.CheckAsync("input[name=kind][value=trace]");
        var layout = page.Locator("#csv-layout");
        await Assertions.Expect(layout).ToBeHiddenAsync();

        // A file named .csv, the format detected: the CSV fields show; another format hides them.
        await page.SetInputFilesAsync("#trace-file", new FilePayload { Name = "trace.csv", MimeType = "text/csv", Buffer = TestWorkloads.HeaderlessCsv });
        await Assertions.Expect(layout).ToBeVisibleAsync();
        await page.SelectOptionAsync("#trace-format", "lackey");
        await Assertions.Expect(layout).ToBeHiddenAsync();
        await page.SelectOptionAsync("#trace-format", "csv");
        await Assertions.Expect(layout).ToBeVisibleAsync();

        // Without its columns the first line is taken for a header, and refused.
        await PressLoad(page);
        await Expect(page.Locator("#error"), "trace\\.csv:1: expected a header with a column named page");

        // Contradicting columns are refused in the command line's words.
        await page.FillAsync("#csv-page", "2");
        await page.FillAsync("#csv-address", "2");
        await page.CheckAsync("#csv-no-header");
        await PressLoad(page);
        await Expect(page.Locator("#error"), "^--csv-page and --csv-address: give one of them");

        await page.FillAsync("#csv-page", string.Empty);
        await page.FillAsync("#csv-op", "3");
        await page.FillAsync("#csv-pid", "1");
        await page.FillAsync("#frames", "2");
        await PressLoad(page);
        await Assertions.Expect(page.Locator("#error")).ToBeHiddenAsync();
        await Expect(page.Locator("#step-label"), "^Step 0 of 6 ");
        await Expect(page.Locator("#notice"), "All 5 accesses of trace\\.csv \\(csv\\)");

        // The pid and kind columns were read: P7 writes its first page.
        await page.ClickAsync("#forward");
        await page.ClickAsync("#forward");
        await Expect(page.Locator("#step-label"), "^Step 2 of 6 — Access 1 of 5: trace pid 7 writes 0x10000000$");
        await page.ClickAsync("#last");
        await Expect(page.Locator("#step-label"), "^Step 6 of 6 ");
        Assert.Equal("3", await page.Locator("[data-counter='faults']").InnerTextAsync());
        Assert.All(errors, e => Assert.Contains("400", e, StringComparison.Ordinal)); // the refusals' status, nothing else
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_empty_trace_file_uploaded_through_the_page_is_called_an_empty_file()
    {
        const string Empty = "^empty\\.txt: expected trace data to tell its format from, found an empty file; give the format";
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.CheckAsync("input[name=kind][value=trace]");
        await page.SetInputFilesAsync("#trace-file", new FilePayload { Name = "empty.txt", MimeType = "text/plain", Buffer = [] });
        await PressLoad(page);
        await Expect(page.Locator("#error"), Empty);
        await page.SelectOptionAsync("#trace-format", "csv");
        await PressLoad(page);
        await Expect(page.Locator("#error"), "^empty\\.txt: expected a CSV header naming the columns, found an empty file$");
        await page.SelectOptionAsync("#trace-format", string.Empty);

        // Safari, and Chrome before this one, read an empty file as the data URL "data:", with no
        // comma before its (no) bytes: the same file, the same words.
        await page.EvaluateAsync("""
            () => {
              const read = FileReader.prototype.readAsDataURL;
              FileReader.prototype.readAsDataURL = function (blob) {
                if (blob.size > 0) return read.call(this, blob);
                Object.defineProperty(this, 'result', { value: 'data:' });
                setTimeout(() => this.onload(), 0);
              };
            }
            """);
        await PressLoad(page);
        await Expect(page.Locator("#error"), Empty);
        Assert.All(errors, e => Assert.Contains("400", e, StringComparison.Ordinal)); // the refusals' status, nothing else
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_policys_parameters_are_typed_in_the_form_and_a_bad_one_is_refused_in_words()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.CheckAsync("input[name=kind][value=refs]");
        await page.FillAsync("#refs", "1 1 2 3 4 1 5 1 2 3");
        await page.FillAsync("#frames", "3");
        await page.SelectOptionAsync("#policy", "lru-k");
        await Expect(page.Locator("#policy-description"), @"k = 2 \(1 to 8\)");

        // K = 1 makes LRU-K count as LRU does: the last step shows LRU's faults.
        await page.FillAsync("#params", "k=9");
        await PressLoad(page);
        await Expect(page.Locator("#error"), "parameter k of lru-k: expected a whole number from 1 to 8, found 9");
        await page.FillAsync("#params", "k=1");
        await PressLoad(page);
        await Assertions.Expect(page.Locator("#error")).ToBeHiddenAsync();
        await Expect(page.Locator("#step-label"), "^Step 0 of 10");
        await page.ClickAsync("#last");
        await Expect(page.Locator("#step-label"), "^Step 10 of 10");
        Assert.Equal("8", await page.Locator("[data-counter='faults']").InnerTextAsync());
        Assert.Equal("k=1", await page.InputValueAsync("#params"));

        // Another policy starts from its own defaults.
        await page.SelectOptionAsync("#policy", "lru");
        Assert.Equal(string.Empty, await page.InputValueAsync("#params"));
        Assert.All(errors, e => Assert.Contains("400", e, StringComparison.Ordinal));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Broken_yaml_shows_an_error_that_names_the_line_and_the_page_keeps_working()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        var before = await page.Locator("#step-label").InnerTextAsync();
        await page.CheckAsync("input[name=kind][value=yaml]");
        await page.FillAsync("#yaml", "title: broken\nmachine:\n  frames: [4\nscript:\n  - touch: p\n");
        await PressLoad(page);
        var error = page.Locator("#error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Expect(error, @"line \d+");
        await Expect(error, @"pasted scenario:\d+:\d+: not valid YAML");
        Assert.Equal(before, await page.Locator("#step-label").InnerTextAsync());
        Assert.Equal("  frames: [4", await page.EvaluateAsync<string>("() => { const a = document.getElementById('yaml'); return a.value.substring(a.selectionStart, a.selectionEnd); }"));

        // Too long a scenario: refused in words, with the limit.
        await page.FillAsync("#yaml", TestWorkloads.Loop(pages: 1000, times: 1000));
        await PressLoad(page);
        await Expect(error, "200,000 steps");
        await Expect(error, "line 11");

        // A good scenario, uploaded as a file, clears the error.
        await page.SetInputFilesAsync("#yaml-file", new FilePayload
        {
            Name = "loop.yaml",
            MimeType = "text/yaml",
            Buffer = System.Text.Encoding.UTF8.GetBytes(TestWorkloads.Loop(pages: 6, times: 2)),
        });
        await Assertions.Expect(page.Locator("#yaml")).ToHaveValueAsync(new Regex("title: loop"));
        await PressLoad(page);
        await Assertions.Expect(error).ToBeHiddenAsync();
        await Expect(page.Locator("#step-label"), "^Step 0 of 12");
        await Expect(page.Locator("#source-heading"), "loop.yaml");
        // The refused loads are 400 answers, which the browser logs; nothing else may be.
        Assert.All(errors, e => Assert.Contains("400", e, StringComparison.Ordinal));
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_keyboard_steps_plays_pauses_and_jumps_to_faults()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        await page.Locator("#explanation").ClickAsync();

        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#step-label"), "^Step 3 of ");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(page.Locator("#step-label"), "^Step 2 of ");
        await page.Keyboard.PressAsync("Shift+ArrowRight");
        await Expect(page.Locator("#step-label"), "^Step 12 of ");

        await page.SelectOptionAsync("#speed", "60");
        await page.Locator("#explanation").ClickAsync();
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(page.Locator("#play")).ToHaveAttributeAsync("aria-label", "Pause");
        await page.WaitForFunctionAsync("() => window.vmsim.snapshot.step >= 16");
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(page.Locator("#play")).ToHaveAttributeAsync("aria-label", "Play");

        await page.Keyboard.PressAsync("Home");
        await Expect(page.Locator("#step-label"), "^Step 0 of ");
        await page.Keyboard.PressAsync("n");
        await Expect(page.Locator("#badges"), "file read");
        await page.SelectOptionAsync("#jump-kind", "CowReuse");
        await page.Locator("#explanation").ClickAsync();
        await page.Keyboard.PressAsync("k");
        await Expect(page.Locator("#badges"), "COW reuse");
        await page.Keyboard.PressAsync("End");
        await Assertions.Expect(page.Locator("#forward")).ToBeDisabledAsync();
        await page.Keyboard.PressAsync("n");
        await Expect(page.Locator("#notice"), "no fault after step");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_working_set_window_typed_in_the_form_shows_each_working_set_and_draws_the_demand_against_the_frames()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await Assertions.Expect(page.Locator("#ws-panel")).ToBeHiddenAsync();
        await page.CheckAsync("input[name=kind][value=refs]");
        Assert.Equal("0", await page.InputValueAsync("#working-set")); // vmsim refs measures nothing unless asked
        await page.FillAsync("#refs", "2 6 1 5 7 7 7 7 5 1 6 2 3 4 1 2 3 4 4 4 3 4 3 4 4 4 1 3 2 3 4 4 4 3 4 4 4");
        await page.FillAsync("#frames", "5");
        await page.SelectOptionAsync("#policy", "lru");
        await page.FillAsync("#working-set", "10");
        await PressLoad(page);
        await Expect(page.Locator("#step-label"), "^Step 0 of 37");
        await Assertions.Expect(page.Locator("#ws-panel")).ToBeVisibleAsync();

        // The textbook's t1, after the tenth reference: W = {1, 2, 5, 6, 7}, all in memory.
        await GoTo(page, 10, of: 37);
        await Expect(page.Locator("#ws-heading"), "τ = 10 references$");
        Assert.Equal(["P1 (refs)", "{1, 2, 5, 6, 7}", "5", "5"], await Cells(page.Locator("#ws-table tr[data-pid='1']")));
        await Expect(page.Locator("#ws-demand"), @"^Demand D = 5 pages, within the 5 frames of memory\.$");
        Assert.Equal("●", await page.Locator(".process[data-pid='1'] tr[data-page='7'] td").Last.InnerTextAsync());
        Assert.Equal("·", await page.Locator(".process[data-pid='1'] tr[data-page='3'] td").Last.InnerTextAsync());
        await Assertions.Expect(page.Locator("#pt-ws-legend")).ToBeVisibleAsync();

        // The next fault is where W outgrows memory: page 7 is still in it, but was evicted.
        await page.ClickAsync("#next-fault");
        await Expect(page.Locator("#step-label"), "^Step 13 of 37");
        Assert.Equal(["P1 (refs)", "{1, 2, 3, 5, 6, 7}", "6", "5"], await Cells(page.Locator("#ws-table tr[data-pid='1']")));
        await Expect(page.Locator("#ws-demand"), @"^⚠ Demand D = 6 pages, more than the 5 frames of memory\.▲ this step took D above memory: from here the process thrashes$");
        Assert.Equal(["", "7", "backing-store", "—", "", "·", "·", "·", "·", "·", "·", "●"], await Cells(page.Locator(".process[data-pid='1'] tr[data-page='7']")));

        // The chart: D of every step as a line, and the frames as a flat one, on an axis of pages.
        var lines = await page.EvaluateAsync<JsonElement>(
            "() => window.vmsim.charts.timeline.data.datasets.filter(d => d.type === 'line').map(d => ({ label: d.label, axis: d.yAxisID, data: d.data }))");
        Assert.Equal(["demand D", "frames (5)"], lines.EnumerateArray().Select(l => l.GetProperty("label").GetString()));
        Assert.All(lines.EnumerateArray(), l => Assert.Equal("pages", l.GetProperty("axis").GetString()));
        var demand = lines[0].GetProperty("data").EnumerateArray().Select(d => d.GetInt32()).ToList();
        Assert.Equal(38, demand.Count);
        Assert.Equal((5, 6, 7), (demand[10], demand[13], demand.Max()));
        Assert.All(lines[1].GetProperty("data").EnumerateArray(), f => Assert.Equal(5, f.GetInt32()));
        Assert.True(await page.EvaluateAsync<bool>("() => window.vmsim.charts.timeline.scales.pages !== undefined"));

        // A window of 0 measures nothing: no panel, no column, no line.
        await page.FillAsync("#working-set", "0");
        await PressLoad(page);
        await Expect(page.Locator("#step-label"), "^Step 0 of 37");
        await Assertions.Expect(page.Locator("#ws-panel")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#pt-ws-legend")).ToBeHiddenAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.vmsim.charts.timeline.data.datasets.filter(d => d.type === 'line').length"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_thrashing_example_brings_its_own_window_and_ends_with_24_pages_of_demand_on_16_frames()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "thrashing", "Thrashing under global replacement");
        Assert.Equal("12", await page.InputValueAsync("#working-set"));

        await page.ClickAsync("#last");
        await Expect(page.Locator("#step-label"), "^Step 96 of 96");
        await Expect(page.Locator("#ws-demand"), @"^⚠ Demand D = 24 pages, more than the 16 frames of memory\.$");
        Assert.Equal(2, await page.Locator("#ws-table tbody tr").CountAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    // True when the ▶ row of the box lies wholly inside the box's visible part, under its sticky header.
    private static Task<bool> CurrentRowInView(IPage page, string box) => page.EvaluateAsync<bool>(
        """
        (selector) => {
          const box = document.querySelector(selector);
          const row = box.querySelector('tr.current');
          if (!row) return false;
          const b = box.getBoundingClientRect();
          const header = box.querySelector('thead').getBoundingClientRect().height;
          const r = row.getBoundingClientRect();
          return r.top >= b.top + header - 1 && r.bottom <= b.top + box.clientHeight + 1;
        }
        """, box);

    [Fact]
    public async Task A_step_being_typed_is_not_overwritten_by_the_steps_drawn_meanwhile()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadRefs(page, string.Join(' ', Enumerable.Range(0, 200).Select(i => i % 50)), frames: 8);
        await page.SelectOptionAsync("#speed", "25");
        await page.ClickAsync("#play");
        await Expect(page.Locator("#step-label"), "^Step (1[0-9]|[2-9][0-9]) of 200");

        // As a person types: into the box, the number there deleted, then the step wanted, one
        // already passed (so that the playing cannot show it again by itself).
        await page.FocusAsync("#step-input");
        await page.Keyboard.PressAsync("Backspace");
        await page.FillAsync("#step-input", "3");

        // Steps go on being drawn while the number is typed, and leave it as it is.
        await Expect(page.Locator("#step-label"), "^Step (1[0-9][0-9]|200) of 200");
        Assert.Equal("3", await page.InputValueAsync("#step-input"));

        // Enter commits it.
        await page.PressAsync("#step-input", "Enter");
        await Expect(page.Locator("#step-label"), "^Step 3 of 200");
        Assert.Equal("3", await page.InputValueAsync("#step-input"));

        // A step beyond the last goes to the last, and the box says so.
        await page.FillAsync("#step-input", "9999");
        await page.PressAsync("#step-input", "Enter");
        await Expect(page.Locator("#step-label"), "^Step 200 of 200");
        Assert.Equal("200", await page.InputValueAsync("#step-input"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_step_of_the_run_loaded_over_arrives_late_and_is_not_drawn_over_the_new_run()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "demo", "A tour of every kind of page fault");

        // The demo's last step is slow to come; meanwhile a reference string is loaded and shown.
        var late = new TaskCompletionSource();
        var steps = new Regex("/api/sessions/[^/]+/steps/[0-9]+$");
        await page.RouteAsync(steps, async route =>
        {
            await late.Task;
            await route.ContinueAsync();
        });
        await page.ClickAsync("#last");
        await page.ClickAsync("#forward");
        await LoadRefs(page, "1 2 3 4", frames: 3);
        await Expect(page.Locator("#step-label"), "^Step 0 of 4");
        late.SetResult();
        await page.UnrouteAsync(steps);

        // The demo's step arrives after the new run's step 0 was drawn, and is dropped; the step
        // asked next of the demo is not asked of the new run.
        await page.WaitForTimeoutAsync(500);
        await Expect(page.Locator("#step-label"), "^Step 0 of 4");
        await Expect(page.Locator("#workload-title"), "Reference string");
        await page.ClickAsync("#last");
        await Expect(page.Locator("#step-label"), "^Step 4 of 4");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Enter_in_a_field_of_the_form_loads_and_takes_the_focus_to_the_step()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.CheckAsync("input[name=kind][value=refs]");
        await page.FillAsync("#refs", "1 2 3 4");
        await page.FillAsync("#frames", "3");
        await page.Locator("#frames").PressAsync("Enter");

        await Expect(page.Locator("#step-label"), "^Step 0 of 4");
        Assert.Equal("step-label", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Stepping_keeps_the_current_row_of_the_page_table_frames_and_tlb_in_view_without_moving_the_page()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        var refs = string.Join(' ', Enumerable.Range(40, 33));
        await LoadRefs(page, refs, frames: 40);

        // The string refers to pages 40 to 72: those are the rows, not the untouched 0 to 39.
        var rows = await page.Locator(".process[data-pid='1'] tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.page)");
        Assert.Equal(Enumerable.Range(40, 33).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows);

        await page.Locator("#forward").FocusAsync();
        var scrollY = await page.EvaluateAsync<double>("() => window.scrollY");
        await page.Keyboard.PressAsync("Shift+ArrowRight");
        await page.Keyboard.PressAsync("Shift+ArrowRight");
        await page.Keyboard.PressAsync("Shift+ArrowRight");
        await Expect(page.Locator("#step-label"), "^Step 30 of 33");
        Assert.True(await CurrentRowInView(page, ".process[data-pid='1'] .pt-wrap"), "the page table's ▶ row is out of its box");
        Assert.True(await CurrentRowInView(page, "#frames-table"), "the frames' ▶ row is out of its box");
        Assert.True(await CurrentRowInView(page, "#tlb-table"), "the TLB's ▶ row is out of its box");
        Assert.Equal(scrollY, await page.EvaluateAsync<double>("() => window.scrollY"));
        Assert.Equal("forward", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // And back at the start (Home from the explanation: in the toolbar it moves the focus), the first rows again.
        await page.Locator("#explanation").FocusAsync();
        await page.Keyboard.PressAsync("Home");
        await Expect(page.Locator("#step-label"), "^Step 0 of 33");
        await GoTo(page, 1);
        Assert.True(await CurrentRowInView(page, ".process[data-pid='1'] .pt-wrap"));
        Assert.True(await CurrentRowInView(page, "#frames-table"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_oom_step_says_what_the_kill_freed_and_the_step_line_shows_on_its_black_bar()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadExample(page, "oom", "Out of memory");
        await NextOfKind(page, "Oom", "out of memory");

        await Expect(page.Locator("#frames-heading"), @"0 used, 8 free \(8 frames freed by the OOM kill\)");
        await Expect(page.Locator("#swap-heading"), @"slots in use \(\d slots? freed by the OOM kill\)");
        Assert.Equal(8, await page.Locator("#frames-table tr.released td.mark", new() { HasTextString = "⊘" }).CountAsync());
        await Expect(page.Locator("#swap tr.released").First, "freed by the OOM kill");

        // Across the middle of the OOM bar, the step line shows light pixels, not only the bar's black.
        var brightest = await page.EvaluateAsync<int>(
            """
            () => {
              const chart = window.vmsim.charts.timeline;
              const step = window.vmsim.snapshot.step;
              const oom = chart.data.datasets.findIndex((d) => d.label === 'out of memory');
              const bar = chart.getDatasetMeta(oom).data[step];
              const x = Math.round(bar.x * devicePixelRatio);
              const y = Math.round((bar.y + bar.base) / 2 * devicePixelRatio);
              const pixels = chart.ctx.getImageData(x - 4, y - 6, 9, 12).data;
              let most = 0;
              for (let i = 0; i < pixels.length; i += 4) most = Math.max(most, Math.min(pixels[i], pixels[i + 1], pixels[i + 2]));
              return most;
            }
            """);
        Assert.True(brightest > 200, $"the step line is lost in the OOM bar (brightest pixel {brightest})");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task No_anomaly_is_told_as_good_news_not_as_a_warning()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadRefs(page, "1 2 3 1 2 3 4 1 2", frames: 3);
        var none = page.Locator("#belady-anomalies li.none");
        await Expect(none, "^No anomaly here");
        var style = await none.EvaluateAsync<string[]>("li => [getComputedStyle(li).color, getComputedStyle(li).fontWeight, getComputedStyle(li, '::marker').content]");
        Assert.Equal("rgb(46, 125, 50)", style[0]);
        Assert.Equal("400", style[1]);
        Assert.Equal("\"✓ \"", style[2]);

        // An anomaly is still a warning.
        await LoadRefs(page, TestWorkloads.BeladyString, frames: 3);
        var anomaly = page.Locator("#belady-anomalies li").First;
        await Expect(anomaly, "Belady's anomaly");
        Assert.Equal("\"⚠ \"", await anomaly.EvaluateAsync<string>("li => getComputedStyle(li, '::marker').content"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Panels_stay_in_place_while_stepping_through_the_demo()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.SetViewportSizeAsync(1440, 900);
        await LoadExample(page, "demo", "A tour of every kind of page fault");
        // The explanation grows to hold its whole text, and the page tables' heading moves only
        // with it; the panels under the page tables move only as the tables themselves grow (a
        // process spawned, a page touched).
        var tops = new HashSet<string>(StringComparer.Ordinal);
        for (var step = 0; step < 28; step++)
        {
            tops.Add(await page.EvaluateAsync<string>(
                """
                () => {
                  const top = (s) => document.querySelector(s).getBoundingClientRect().top + scrollY;
                  const tables = document.querySelector('#page-tables').getBoundingClientRect().bottom + scrollY;
                  const explained = document.querySelector('.explain').getBoundingClientRect().bottom + scrollY;
                  return [top('#pt-heading') - explained, top('#frames-heading') - tables, top('#timeline-heading') - top('#frames-heading')].map(Math.round).join(' ');
                }
                """));
            await page.Keyboard.PressAsync("ArrowRight");
            await Expect(page.Locator("#step-label"), $"^Step {step + 1} of ");
        }

        Assert.True(tops.Count == 1, string.Join(" | ", tops));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(1280, 720)]
    [InlineData(1440, 900)]
    public async Task The_sidebar_and_the_controls_fit_the_screen(int width, int height)
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.SetViewportSizeAsync(width, height);
        await LoadExample(page, "fork-cow", "fork and copy-on-write");
        await NextOfKind(page, "CowCopy", "COW copy");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"vmsim-layout-{width}x{height}.png") });

        // The source panel, with its marked line, is on screen beside the form.
        var source = await page.Locator("#source").BoundingBoxAsync();
        Assert.True(source!.Y + Math.Min(source.Height, 80) <= height, $"the source panel starts at {source.Y}, below the {height} px screen");
        await Assertions.Expect(page.Locator("#source .src-line.current")).ToBeInViewportAsync();
        // No button's words break over two lines.
        var next = await page.Locator("#next-kind").BoundingBoxAsync();
        var first = await page.Locator("#first").BoundingBoxAsync();
        Assert.Equal(first!.Height, next!.Height, 1);
        // Parent and child page tables side by side.
        var parent = await page.Locator(".process[data-pid='1']").BoundingBoxAsync();
        var child = await page.Locator(".process[data-pid='2']").BoundingBoxAsync();
        Assert.Equal(parent!.Y, child!.Y, 1);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_single_page_table_takes_the_width_so_its_working_set_column_shows_at_1024_by_768()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await page.SetViewportSizeAsync(1024, 768);
        await page.FillAsync("#working-set", "10");
        await LoadRefs(page, "2 6 1 5 7 7 7 7 5 1 6 2 3 4 1 2", frames: 5, policy: "lru");
        await GoTo(page, 10);

        var wrap = page.Locator(".process[data-pid='1'] .pt-wrap");
        var (client, scroll) = (await wrap.EvaluateAsync<int>("e => e.clientWidth"), await wrap.EvaluateAsync<int>("e => e.scrollWidth"));
        Assert.True(scroll <= client, $"the page table is {scroll} px wide in a box of {client} px");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_tlb_counts_say_why_hits_and_misses_add_up_to_more_than_the_accesses()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadRefs(page, "1 2 1", frames: 3);
        await GoTo(page, 3);
        // Two faults, each looked up twice, and a hit: 5 lookups for 3 accesses.
        Assert.Equal("3", await page.Locator("[data-counter='accesses']").InnerTextAsync());
        var lookups = int.Parse(await page.Locator("[data-counter='tlbHits']").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture)
            + int.Parse(await page.Locator("[data-counter='tlbMisses']").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(5, lookups);
        // In the words of the command line's summary, which prints the same note.
        await Expect(page.Locator("#tlb-note"), $"^{Regex.Escape(Vmsim.Core.Simulation.Counters.TlbPerLookupNote)}$");
        Assert.Equal(Vmsim.Core.Simulation.Counters.TlbPerLookupNote, await page.Locator("[data-counter='tlbMisses']").GetAttributeAsync("title"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_window_or_frame_count_that_is_not_a_whole_number_is_refused_in_the_command_lines_words()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadRefs(page, "1 2 3 1 2", frames: 3);
        await page.FillAsync("#working-set", "2.5");
        await PressLoad(page);
        await Expect(page.Locator("#error"), "working-set window: expected a number of references \\(0: not measured\\), found '2\\.5'");

        await page.FillAsync("#working-set", "2");
        await page.FillAsync("#frames", "2.5");
        await PressLoad(page);
        await Expect(page.Locator("#error"), "frames: expected a number of frames from 1 to 65,536, found '2\\.5'");
        Assert.Equal(3, await page.EvaluateAsync<int>("() => window.vmsim.session.machine.frames"));

        await page.FillAsync("#frames", "2");
        await PressLoad(page);
        await Assertions.Expect(page.Locator("#error")).ToBeHiddenAsync();
        await page.WaitForFunctionAsync("() => window.vmsim.session.machine.frames === 2");
        Assert.Equal(2, await page.EvaluateAsync<int>("() => window.vmsim.session.machine.workingSet"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Shift_arrow_on_the_slider_moves_ten_steps_as_the_keyboard_help_says()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadRefs(page, TestWorkloads.BeladyString + " " + TestWorkloads.BeladyString, frames: 3);
        await Expect(page.Locator("#help"), @"Shift</?\w*>?.*10 steps|Shift.*: 10 steps");
        await page.Locator("#scrubber").FocusAsync();
        await page.Keyboard.PressAsync("Shift+ArrowRight");
        await Expect(page.Locator("#step-label"), "^Step 10 of 24");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#step-label"), "^Step 11 of 24");
        await page.Keyboard.PressAsync("Shift+ArrowLeft");
        await Expect(page.Locator("#step-label"), "^Step 1 of 24");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_policy_charts_redraw_error_shows_by_its_button_and_clock_is_drawn_over_fifo()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);
        await LoadRefs(page, TestWorkloads.BeladyString, frames: 3);

        // FIFO and CLOCK fault alike on this string: CLOCK's dashed line is drawn over FIFO's solid one.
        var drawn = await page.EvaluateAsync<string[]>("() => window.vmsim.charts.belady._getSortedDatasetMetas().map((m) => m.label)");
        Assert.Equal("CLOCK", drawn[0]);
        var legend = await page.EvaluateAsync<string[]>("() => window.vmsim.charts.belady.legend.legendItems.map((l) => l.text)");
        Assert.Equal(["FIFO", "LRU", "OPT", "CLOCK"], legend);

        await page.FillAsync("#belady-from", "5");
        await page.FillAsync("#belady-to", "2");
        await page.ClickAsync("#belady-form button[type=submit]");
        await Assertions.Expect(page.Locator("#belady-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#error")).ToBeHiddenAsync();
        Assert.DoesNotContain(errors, e => !e.Contains("400", StringComparison.Ordinal));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Small_things_read_right_the_keyboard_button_the_swap_cache_the_legend_and_a_traces_page_count()
    {
        var errors = new List<string>();
        var page = await browser.OpenAsync(errors);

        // The header's Keyboard button stays readable when hovered.
        await page.HoverAsync("#help-button");
        var colours = await page.Locator("#help-button").EvaluateAsync<string[]>("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]");
        Assert.Equal("rgb(255, 255, 255)", colours[0]);
        Assert.NotEqual("rgb(238, 243, 251)", colours[1]);

        await Expect(page.Locator("#pt-heading + .page-tables + .legend"), "a dot · in a bit's column: that bit is clear");

        // A swap slot only the swap cache holds says so.
        await LoadExample(page, "demo", "A tour of every kind of page fault");
        var cacheOnly = await page.EvaluateAsync<int>(
            """
            async () => {
              const s = window.vmsim.session;
              for (let step = 0; step <= s.lastStep; step++) {
                const snap = await (await fetch(`/api/sessions/${s.id}/steps/${step}`)).json();
                if (snap.swap.rows.some((r) => r.heldBy.length === 0 && r.cachedFrame !== null && !r.released)) return step;
              }
              return -1;
            }
            """);
        Assert.True(cacheOnly > 0, "the demo has no swap slot held by the swap cache alone");
        await GoTo(page, cacheOnly);
        await Expect(page.Locator("#swap"), "the swap cache's copy of frame \\d+");

        // A trace maps its whole address space: the count has separators.
        await page.CheckAsync("input[name=kind][value=trace]");
        await page.SetInputFilesAsync("#trace-file", new FilePayload { Name = "loop.lackey", MimeType = "text/plain", Buffer = TestWorkloads.LackeyLoop(3, 2) });
        await PressLoad(page);
        await Expect(page.Locator("#workload-title"), "loop.lackey");
        await GoTo(page, 2);
        await Expect(page.Locator(".regions"), @"\(68,719,476,736 pages,");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    private static async Task<string[]> Cells(ILocator row) =>
        [.. (await row.Locator("td, th").AllInnerTextsAsync()).Select(t => t.Trim())];

    [GeneratedRegex(@"copied frame (\d+) into frame (\d+)")]
    private static partial Regex CopiedFrames();
}
