using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Vmsim.Web.Tests.Api;

/// <summary>The HTTP API as the page uses it, against a server on a free loopback port.</summary>
public sealed class EndpointTests : IAsyncLifetime, IDisposable
{
    private VisualizerHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await VisualizerServer.StartAsync(new VisualizerOptions { Urls = ["http://127.0.0.1:0"], Output = null, Error = null, MaxSteps = 5000 });
        _client = new HttpClient { BaseAddress = _host.Addresses[0] };
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _client.Dispose();

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/api/sessions", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Get(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static string Example(string name) => $$$"""{"workload":{"kind":"example","example":"{{{name}}}"}}""";

    [Fact]
    public void Listens_on_loopback_at_the_port_it_was_given()
    {
        var address = Assert.Single(_host.Addresses);
        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(0, address.Port);
    }

    [Fact]
    public async Task Meta_lists_the_examples_policies_and_limit()
    {
        var (status, body) = await Get("/api/meta");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(body.GetProperty("examples").EnumerateArray(), e => e.GetProperty("name").GetString() == "fork-cow");
        Assert.Contains(body.GetProperty("policies").EnumerateArray(), p => p.GetProperty("id").GetString() == "clock");
        Assert.Equal(5000, body.GetProperty("maxSteps").GetInt32());
        Assert.Equal(["lackey", "addr", "pages", "csv", "oracle-general"], body.GetProperty("traceFormats").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(16 * 1024 * 1024, body.GetProperty("maxTraceBytes").GetInt32());
    }

    [Fact]
    public async Task Every_bundled_example_says_what_to_look_for_and_belady_leads_to_the_policy_comparison()
    {
        var (_, body) = await Get("/api/meta");
        var examples = body.GetProperty("examples").EnumerateArray().ToArray();
        Assert.Equal(10, examples.Length);
        Assert.All(examples, e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("description").GetString()), e.GetProperty("name").GetString()));
        var belady = examples.Single(e => e.GetProperty("name").GetString() == "belady").GetProperty("description").GetString();
        Assert.Contains("Reference string", belady, StringComparison.Ordinal);
        Assert.Contains(TestWorkloads.BeladyString, belady, StringComparison.Ordinal);
        Assert.Contains("Faults by policy", belady, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trace_file_of_several_mebibytes_opens_a_session_of_its_first_accesses()
    {
        // About 6 MiB of lackey text, more than a scenario may be, in base64 in the JSON.
        var trace = TestWorkloads.LackeyLoop(pages: 64, times: 7000);
        Assert.True(trace.Length > 6_000_000, $"the trace is {trace.Length} bytes");
        var json = JsonSerializer.Serialize(new { workload = new { kind = "trace", trace = Convert.ToBase64String(trace), fileName = "loop.lackey" }, machine = new { frames = 8 } });

        var (status, session) = await Post(json);

        Assert.True(status == HttpStatusCode.OK, session.ToString());
        Assert.Equal("trace", session.GetProperty("kind").GetString());
        Assert.Equal(5000, session.GetProperty("lastStep").GetInt32());
        Assert.Equal(8, session.GetProperty("machine").GetProperty("frames").GetInt32());
        Assert.StartsWith("The first 4,999 accesses of loop.lackey (lackey)", session.GetProperty("description").GetString(), StringComparison.Ordinal);
        var trace0 = session.GetProperty("snapshot").GetProperty("trace").EnumerateArray().First();
        Assert.Equal("X 0x400000", trace0.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Opens_an_example_then_steps_and_finds_the_cow_fault()
    {
        var (status, session) = await Post(Example("fork-cow"));
        Assert.Equal(HttpStatusCode.OK, status);
        var id = session.GetProperty("id").GetString();
        Assert.Equal(0, session.GetProperty("snapshot").GetProperty("step").GetInt32());
        Assert.Equal(32, session.GetProperty("machine").GetProperty("frames").GetInt32());
        Assert.Contains(session.GetProperty("kinds").EnumerateArray(), k => k.GetProperty("kind").GetString() == "CowCopy" && k.GetProperty("count").GetInt32() == 4);

        var (_, found) = await Get($"/api/sessions/{id}/find?from=0&kind=CowCopy&direction=next");
        var step = found.GetProperty("step").GetInt32();
        var (stepStatus, snapshot) = await Get($"/api/sessions/{id}/steps/{step}");
        Assert.Equal(HttpStatusCode.OK, stepStatus);
        Assert.Equal("CowCopy", snapshot.GetProperty("event").GetProperty("fault").GetString());

        var (_, none) = await Get($"/api/sessions/{id}/find?from={session.GetProperty("lastStep").GetInt32()}&kind=fault");
        Assert.Equal(JsonValueKind.Null, none.GetProperty("step").ValueKind);
        Assert.StartsWith("no fault after step", none.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_steps_fault_path_travels_as_stages_of_kind_label_and_text_and_is_null_for_the_set_up()
    {
        var (_, session) = await Post(Example("fork-cow"));
        var id = session.GetProperty("id").GetString();
        Assert.Equal(JsonValueKind.Null, session.GetProperty("snapshot").GetProperty("faultPath").ValueKind);

        var (_, found) = await Get($"/api/sessions/{id}/find?from=0&kind=CowCopy&direction=next");
        var (_, snapshot) = await Get($"/api/sessions/{id}/steps/{found.GetProperty("step").GetInt32()}");
        var stages = snapshot.GetProperty("faultPath").EnumerateArray().ToArray();
        Assert.Equal(["tlb", "kernel", "lookup", "frame", "fetch", "page-table", "restart"], stages.Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal("Page table", stages[5].GetProperty("label").GetString());
        Assert.StartsWith("PT[0] now maps frame ", stages[5].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_headerless_csv_trace_is_opened_with_the_columns_the_request_carries_and_contradicting_ones_answer_400()
    {
        var trace = Convert.ToBase64String(TestWorkloads.HeaderlessCsv);
        string Request(string csv) => $$$"""{"workload":{"kind":"trace","trace":"{{{trace}}}","fileName":"t.csv","csv":{{{csv}}}}}""";

        var (status, session) = await Post(Request("""{"address":"2","op":"3","pid":"1","noHeader":true}"""));
        Assert.True(status == HttpStatusCode.OK, session.ToString());
        Assert.Equal(6, session.GetProperty("lastStep").GetInt32()); // P7 starts, then its 5 accesses
        Assert.StartsWith("All 5 accesses of t.csv (csv)", session.GetProperty("description").GetString(), StringComparison.Ordinal);

        var (refused, body) = await Post(Request("""{"page":"2","address":"2","noHeader":true}"""));
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal("--csv-page and --csv-address: give one of them, the column of page numbers or the column of addresses", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("t.csv", body.GetProperty("error").GetProperty("source").GetString());
    }

    // What the page sends for a file chosen: its name, its bytes in base64 (none for an empty file).
    private static string Upload(byte[] bytes, string? fileName, string? format = null) =>
        JsonSerializer.Serialize(new { workload = new { kind = "trace", trace = Convert.ToBase64String(bytes), fileName, format } });

    private async Task<string?> Refused(string json)
    {
        var (status, body) = await Post(json);
        Assert.True(status == HttpStatusCode.BadRequest, body.ToString());
        return body.GetProperty("error").GetProperty("message").GetString();
    }

    [Fact]
    public async Task An_uploaded_file_that_holds_nothing_is_named_and_called_what_it_is_as_the_command_line_calls_a_file()
    {
        // What `gzip` writes for no input: a header, an empty deflate block, a CRC and length of 0.
        var emptyGzip = Convert.FromHexString("1f8b080000000000020303000000000000000000");

        Assert.Equal(
            "empty.txt: expected trace data to tell its format from, found an empty file; give the format (lackey, addr, pages, csv, oracle-general)",
            await Refused(Upload([], "empty.txt")));
        Assert.Equal("empty.csv: expected a CSV header naming the columns, found an empty file", await Refused(Upload([], "empty.csv", "csv")));
        Assert.Equal(
            "empty.bin: has no accesses: expected at least one oracle-general record, found none (an empty file)",
            await Refused(Upload([], "empty.bin", "oracle-general")));
        Assert.Equal(
            "nothing.txt.gz: has no accesses: expected at least one pages record, found none (a gzip file that holds nothing)",
            await Refused(Upload(emptyGzip, "nothing.txt.gz", "pages")));

        // No file chosen at all: no name, no bytes.
        Assert.StartsWith("choose a trace file", await Refused(Upload([], null)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_uploaded_trace_refused_for_what_it_holds_is_named_in_the_message()
    {
        Assert.Equal(
            "notes.addr: has no accesses: expected at least one addr record, found none (an empty trace, or comments and blank lines only)",
            await Refused(Upload("# nothing but a comment\n"u8.ToArray(), "notes.addr", "addr")));
        Assert.Equal(
            "plain.txt.gz: expected gzip data (the name ends in .gz), found bytes starting 310A320A",
            await Refused(Upload("1\n2\n"u8.ToArray(), "plain.txt.gz")));
        Assert.StartsWith("t.lackey: the trace file did not arrive whole", await Refused("""{"workload":{"kind":"trace","trace":"not base64!","fileName":"t.lackey"}}"""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_yaml_answers_400_with_the_line()
    {
        var (status, body) = await Post("""{"workload":{"kind":"yaml","yaml":"title: x\nmachine:\n  frames: [4\nscript: []\n","fileName":"mine.yaml"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body.GetProperty("error");
        Assert.StartsWith("mine.yaml:", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(error.GetProperty("line").GetInt32() >= 3);
    }

    [Fact]
    public async Task An_oversized_scenario_answers_400_naming_the_limit()
    {
        var yaml = JsonSerializer.Serialize(TestWorkloads.Loop(pages: 100, times: 100));
        var (status, body) = await Post($$$"""{"workload":{"kind":"yaml","yaml":{{{yaml}}}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("5,000 steps", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_setting_the_chosen_policy_does_not_read_is_noted_in_the_session()
    {
        var yaml = JsonSerializer.Serialize("machine: { frames: 4, policy: ws, window: 3 }\nprocesses:\n  - name: a\n    regions: [{ name: data, start: 0x10000, pages: 2, prot: rw- }]\nscript:\n  - { touch: a, region: data }\n");

        var (_, asWritten) = await Post($$$"""{"workload":{"kind":"yaml","yaml":{{{yaml}}}}}""");
        var (status, asLru) = await Post($$$"""{"workload":{"kind":"yaml","yaml":{{{yaml}}}},"machine":{"frames":4,"policy":"lru"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(asWritten.GetProperty("notes").EnumerateArray());
        Assert.Equal(
            ["line 1: the machine's window changes nothing here, as the lru policy does not read it; it applies to wsclock and ws."],
            asLru.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task Invalid_json_answers_400_in_words()
    {
        var (status, body) = await Post("{not json");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid JSON", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_session_answers_404_in_words()
    {
        var (status, body) = await Get("/api/sessions/nope/steps/3");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("load the workload again", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_belady_chart_is_sent_with_a_reference_string_session_and_redrawn_on_request()
    {
        var (status, session) = await Post("""{"workload":{"kind":"refs","refs":"1 2 3 4 1 2 5 1 2 3 4 5"},"machine":{"frames":3,"policy":"fifo"}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var fifo = session.GetProperty("belady").GetProperty("series").EnumerateArray().Single(s => s.GetProperty("policy").GetString() == "fifo");
        Assert.Equal([1, 2, 3, 4, 5, 6], session.GetProperty("belady").GetProperty("frames").EnumerateArray().Select(f => f.GetInt32()));
        Assert.Equal(9, fifo.GetProperty("faults")[2].GetInt64());
        Assert.Equal(10, fifo.GetProperty("faults")[3].GetInt64());

        var id = session.GetProperty("id").GetString();
        var (redrawn, chart) = await Get($"/api/sessions/{id}/belady?policies=fifo,opt&from=3&to=4");
        Assert.Equal(HttpStatusCode.OK, redrawn);
        Assert.Equal(2, chart.GetProperty("series").GetArrayLength());
        var (bad, error) = await Get($"/api/sessions/{id}/belady?policies=fifo&from=0&to=4");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("frames", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_working_set_window_from_the_form_is_measured_in_every_step_and_shown_back()
    {
        var (status, session) = await Post("""{"workload":{"kind":"refs","refs":"2 6 1 5 7 7 7 7 5 1 6 2 3 4 1 2"},"machine":{"frames":5,"policy":"lru","workingSet":10}}""");
        Assert.True(status == HttpStatusCode.OK, session.ToString());
        Assert.Equal(10, session.GetProperty("machine").GetProperty("workingSet").GetInt64());
        Assert.Equal(17, session.GetProperty("timeline").GetProperty("demand").GetArrayLength());

        var id = session.GetProperty("id").GetString();
        var (_, t1) = await Get($"/api/sessions/{id}/steps/10");
        var sets = t1.GetProperty("workingSets");
        Assert.Equal(10, sets.GetProperty("window").GetInt64());
        Assert.Equal(5, sets.GetProperty("demand").GetInt64());
        Assert.Equal(["1", "2", "5", "6", "7"], sets.GetProperty("processes")[0].GetProperty("pages").EnumerateArray().Select(p => p.GetString()));
        var entries = t1.GetProperty("processes")[0].GetProperty("pages").EnumerateArray();
        Assert.Equal(["1", "2", "5", "6", "7"], entries.Where(e => e.GetProperty("inWorkingSet").GetBoolean()).Select(e => e.GetProperty("page").GetString()));
    }

    [Fact]
    public async Task The_thrashing_example_measures_its_own_window_to_a_demand_of_24_pages_on_16_frames_and_0_turns_it_off()
    {
        var (_, own) = await Post(Example("thrashing"));
        Assert.Equal(12, own.GetProperty("machine").GetProperty("workingSet").GetInt64());
        var (_, end) = await Get($"/api/sessions/{own.GetProperty("id").GetString()}/steps/{own.GetProperty("lastStep").GetInt32()}");
        Assert.Equal((24, 16), (end.GetProperty("workingSets").GetProperty("demand").GetInt64(), end.GetProperty("workingSets").GetProperty("frames").GetInt32()));

        var (status, off) = await Post("""{"workload":{"kind":"example","example":"thrashing"},"machine":{"workingSet":0}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, off.GetProperty("machine").GetProperty("workingSet").GetInt64());
        Assert.Equal(JsonValueKind.Null, off.GetProperty("snapshot").GetProperty("workingSets").ValueKind);
        Assert.Equal(JsonValueKind.Null, off.GetProperty("timeline").GetProperty("demand").ValueKind);
    }

    [Theory]
    [InlineData("-3", "working-set window: expected a number of references (0: not measured), found -3")]
    [InlineData("3000000000", "working-set window: expected a number of references (0: not measured) from 0 to 2,147,483,647, found 3000000000")]
    public async Task A_working_set_window_that_is_not_a_count_answers_400_in_words(string window, string message)
    {
        var (status, body) = await Post($$$"""{"workload":{"kind":"example","example":"thrashing"},"machine":{"workingSet":{{{window}}}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_policys_parameters_are_taken_from_the_form_and_shown_back()
    {
        var (status, session) = await Post("""{"workload":{"kind":"refs","refs":"1 2 3 4 1 2"},"machine":{"frames":3,"policy":"2q","parameters":"kout=1 kin=0.5"}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("kin=0.5, kout=1", session.GetProperty("machine").GetProperty("parameters").GetString());

        var (bad, error) = await Post("""{"workload":{"kind":"refs","refs":"1 2 3"},"machine":{"frames":3,"policy":"fifo","parameters":"kin=0.5"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("parameters: no parameter 'kin' for fifo; it has none", error.GetProperty("error").GetProperty("message").GetString());

        var (_, meta) = await Get("/api/meta");
        var twoQ = meta.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "2q");
        Assert.Contains("kin = 0.25 (0.01 to 0.99)", twoQ.GetProperty("label").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_is_served_with_a_content_security_policy_and_chart_js_from_this_server()
    {
        using var page = await _client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("/lib/chartjs/chart.umd.min.js", html, StringComparison.Ordinal);
        using var chart = await _client.GetAsync(new Uri("/lib/chartjs/chart.umd.min.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.StartsWith("/*!\n * Chart.js v4", await chart.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var license = await _client.GetAsync(new Uri("/lib/chartjs/LICENSE.md", UriKind.Relative));
        Assert.Contains("MIT", await license.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_for_another_host_name_is_refused_on_loopback()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/meta", UriKind.Relative));
        request.Headers.Host = "attacker.example";
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var localhost = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/meta", UriKind.Relative));
        localhost.Headers.Host = $"localhost:{_host.Addresses[0].Port}";
        using var ok = await _client.SendAsync(localhost);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Run_reports_a_port_in_use_and_returns_2()
    {
        using var error = new StringWriter();
        var code = await VisualizerServer.RunAsync(new VisualizerOptions { Urls = [_host.Addresses[0].ToString()], Output = null, Error = error }, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("cannot listen", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_refuses_a_url_it_cannot_use()
    {
        using var error = new StringWriter();
        var code = await VisualizerServer.RunAsync(new VisualizerOptions { Urls = ["https://127.0.0.1:0"], Output = null, Error = error }, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("plain http", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_says_where_it_listens_and_stops_when_cancelled()
    {
        using var output = new StringWriter();
        using var cancel = new CancellationTokenSource();
        var run = VisualizerServer.RunAsync(new VisualizerOptions { Urls = ["http://127.0.0.1:0"], Output = output, Error = null }, cancel.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!output.ToString().Contains("open http://127.0.0.1:", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains("in a browser", output.ToString(), StringComparison.Ordinal);
        await cancel.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }
}
