namespace Vmsim.Cli.Tests;

public sealed class ErrorTests
{
    [Fact]
    public void Bad_reference_string_names_the_column()
    {
        var message = Cli.AssertBadInput(Cli.Run("refs", "1 2 x3 4"));

        Assert.Contains("column 5", message, StringComparison.Ordinal);
        Assert.Contains("'x3'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_error_names_the_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vmsim-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "machine:\n  frames: 4\nscript:\n  - touch: [\n");
        try
        {
            var message = Cli.AssertBadInput(Cli.Run("run", path));

            Assert.Contains($"{path}:5:", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Scenario_field_error_names_the_line_and_column()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vmsim-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "machine:\n  frames: 4\n  policy: nope\nscript: []\n");
        try
        {
            var message = Cli.AssertBadInput(Cli.Run("run", path));

            Assert.Contains($"{path}:3:11:", message, StringComparison.Ordinal);
            Assert.Contains("fifo, lru, opt", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("processes:\n  - name: a\n    regions:\n\t- { name: h, start: 0x10000, pages: 2 }\nscript: []", "4:1", "not valid YAML: a tab used for indentation")]
    [InlineData("processes:\n  - name: a\n    regions:\n      - { name: h, start: 0x10000, pages: 4 }\nscript:\n  - { mmap: a, name: g, start: 0x11000, pages: 1 }", "6:7", "mmap: 0x11000-0x12000 overlaps the region 0x10000-0x14000 rw-p h of P1 (a)")]
    [InlineData("processes:\n  - name: a\n    regions:\n      - { name: h, start: 0x10000, pages: 4 }\nscript:\n  - { mprotect: a, region: h, pages: 2-9, prot: r-- }", "6:38", "field 'pages': region 'h' has 4 pages; expected one of them or a range, counted from 0, such as 3 or 0-3, found '2-9'")]
    [InlineData("processes:\n  - name: a\n    regions:\n      - { name: heap, start: 0x10000000, pages: 2 }\n      - { name: data, start: 0x10003000, pages: 1 }\nscript:\n  - brk: a\n    pages: +2", "7:5", "brk: growing the heap of P1 (a) to 0x10000000-0x10004000 would overlap the region 0x10003000-0x10004000 rw-p data")]
    [InlineData("processes:\n  - name: a\n    regions:\n      - { name: heap, start: 0x10000000, pages: 4 }\nscript:\n  - { brk: a, pages: -5 }", "6:22", "field 'pages': the heap of a has 4 pages; it cannot shrink by 5 pages")]
    [InlineData("processes:\n  - name: a\n    regions:\n      - { name: h, start: 0x10000, pages: 4 }\nscript:\n  - { touch: a, region: h, count: 5 }", "6:28", "field 'count': the sequential pattern goes through the pages in order, 'times' times; 'count' is for the random and zipf patterns")]
    [InlineData("processes:\n  - name: a\n    regions:\n      - { name: h, start: 0x10000, pages: 4 }\nscript:\n  - { touch: a, region: h, pattern: random, times: 5 }", "6:45", "field 'times': the random pattern makes 'count' accesses; 'times' is for the sequential and loop patterns")]
    [InlineData("processes:\n  - name: a\n    regions:\n      - { name: h, start: 0x10000, pages: 4 }\nscript:\n  - { touch: a, region: h, address: 0x10000 }", "6:17", "field 'region': a touch of one 'address' takes 'times', 'access' or 'writes'; 'region' is for a touch of a region's pages")]
    [InlineData("processes:\n  - name: a\n    regions:\n      - { name: h, start: 0x10000, pages: 4 }\nscript:\n  - { mmap: a, name: h, start: 0x20000, pages: 1 }", "6:22", "process 'a' already has a region named 'h'")]
    [InlineData("processes:\n  - name: a\n    regions:\n      - { name: h, start: 0x10000, pages: 2, size: 64K }\nscript: []", "4:46", "field 'size': the length is given by 'pages' already; give 'pages' or 'size', not both")]
    public void A_scenario_mistake_is_one_line_at_its_line_and_column(string yaml, string place, string message)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vmsim-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try
        {
            Assert.Contains($"{path}:{place}: {message}", Cli.AssertBadInput(Cli.Run("run", path)), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("refs")]
    [InlineData("run")]
    [InlineData("demo")]
    public void Unknown_policy_lists_the_known_ones(string verb)
    {
        string[] args = verb == "refs" ? ["refs", "1 2 3", "--policy", "lruu"] : [verb, "demo", "--policy", "lruu"];

        var message = Cli.AssertBadInput(Cli.Run(args));

        Assert.Contains("unknown policy 'lruu' (did you mean 'lru' or 'lru-k'?)", message, StringComparison.Ordinal);
        Assert.Contains("fifo, lru, opt, random, clock, nru, aging, lfu, wsclock, ws", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_name_may_be_written_without_its_hyphen_and_in_any_case()
    {
        var loose = Cli.Run("refs", "1 2 3 4 1 2 5 1 2 3 4 5", "--frames", "3", "--policy", "S3FIFO", "--json");
        var exact = Cli.Run("refs", "1 2 3 4 1 2 5 1 2 3 4 5", "--frames", "3", "--policy", "s3-fifo", "--json");

        Assert.Equal(0, loose.ExitCode);
        Assert.Equal(exact.Stdout, loose.Stdout);
        Assert.Contains("\"s3-fifo\"", loose.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var message = Cli.AssertBadInput(Cli.Run("run", "examples/no-such-scenario.yaml"));

        Assert.Contains("examples/no-such-scenario.yaml", message, StringComparison.Ordinal);
        Assert.Contains("no such file", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_bundled_example_is_suggested()
    {
        var message = Cli.AssertBadInput(Cli.Run("demo", "shared-memry"));

        Assert.Equal("vmsim: shared-memry: no such file, and no bundled example has that name (did you mean 'shared-memory'?); bundled examples: " +
            string.Join(", ", Vmsim.Core.Workloads.Scenarios.BundledExamples.Names), message);
    }

    [Fact]
    public void A_path_whose_file_name_is_a_slip_from_a_bundled_example_is_suggested_it()
    {
        using var files = new TraceFiles();
        var path = files.Path("examples/fork-cwo.yaml");

        var message = Cli.AssertBadInput(Cli.Run("run", path));

        Assert.StartsWith($"vmsim: {path}: no such file, and no bundled example has that name (did you mean 'fork-cow'?); bundled examples: ", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--frames", "0", "--frames")]
    [InlineData("--frames", "1-3", "--compare")]
    [InlineData("--frames", "many", "--frames")]
    [InlineData("--swap", "-1", "--swap")]
    [InlineData("--page-size", "3000", "power of two")]
    [InlineData("--page-size", "128", "power of two")]
    [InlineData("--geometry", "vax", "x86-64, x86-64-5level, x86-32, sv39")]
    [InlineData("--tlb-entries", "12", "not possible")]
    [InlineData("--scope", "mine", "global or local")]
    [InlineData("--clock-insert", "warm", "hot or cold")]
    [InlineData("--aging-bits", "33", "--aging-bits")]
    [InlineData("--window", "0", "--window")]
    [InlineData("--tick", "x", "--tick")]
    [InlineData("--seed", "1.5", "--seed")]
    public void Bad_option_value_is_one_line_naming_the_option(string option, string value, string expected)
    {
        var message = Cli.AssertBadInput(Cli.Run("refs", "1 2 3", option, value));

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains(value, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("refs", "--compare", "fifo,", "--compare: expected policy names separated by commas, such as fifo,lru,opt (or all), found nothing after the last comma in 'fifo,'")]
    [InlineData("refs", "--frames", "1,,3", "--frames: expected sizes in frames separated by commas, such as 1,2,4,8-16, found nothing between two commas in '1,,3'")]
    [InlineData("sweep", "--policies", ",lru", "--policies: expected policy names separated by commas, such as fifo,lru,clock (or all), found nothing before the first comma in ',lru'")]
    [InlineData("sweep", "--frames", "8,", "--frames: expected sizes in frames separated by commas, such as 1,2,4,8-16, found nothing after the last comma in '8,'")]
    [InlineData("mrc", "--sizes", "4,,8", "--sizes: expected sizes in frames separated by commas, such as 1,2,4,8-16, found nothing between two commas in '4,,8'")]
    [InlineData("replay", "--cost", "minor=10us,", "--cost: expected key=duration pairs separated by commas, such as minor=10us,major=5ms, found nothing after the last comma in 'minor=10us,'")]
    public void An_empty_item_in_a_list_option_is_refused(string verb, string option, string value, string expected)
    {
        using var files = new TraceFiles();
        string[] input = verb == "refs" ? ["1 2 3"] : [files.WritePages("t.pages", TraceFiles.Silberschatz)];
        string[] others = (verb, option) switch
        {
            ("refs", "--frames") => ["--compare", "fifo"],
            ("sweep", "--frames") => ["--policies", "fifo"],
            _ => [],
        };
        string[] args = [verb, .. input, .. others, option, value];

        Assert.Equal($"vmsim: {expected}", Cli.AssertBadInput(Cli.Run(args)));
    }

    [Fact]
    public void An_empty_reference_between_commas_is_refused_at_its_column()
    {
        Assert.Equal("vmsim: reference string, column 5: expected a page number between the commas at columns 4 and 5, found nothing", Cli.AssertBadInput(Cli.Run("refs", "1,2,,3")));
    }

    [Theory]
    [InlineData("3000")]
    [InlineData("2G")]
    public void A_page_size_on_the_command_line_and_in_a_scenario_is_refused_with_the_same_rule(string size)
    {
        using var files = new TraceFiles();
        var scenario = files.Write("p.yaml", $"machine:\n  page-size: {size}\nscript: []\n");

        var option = Cli.AssertBadInput(Cli.Run("refs", "1 2 3", "--page-size", size));
        var field = Cli.AssertBadInput(Cli.Run("run", scenario));

        Assert.Equal($"vmsim: --page-size: expected a power of two from 256 bytes to 1G, such as 4096 or 4K, found '{size}'", option);
        Assert.Equal($"vmsim: {scenario}:2:14: field 'page-size': expected a power of two from 256 bytes to 1G, such as 4096 or 4K, found '{size}'", field);
    }

    [Fact]
    public void A_mistyped_verb_is_one_line_naming_the_nearest_verb()
    {
        Assert.Equal(
            "vmsim: unknown command 'reffs' (did you mean 'refs'?); the commands are refs, run, demo, policies, translate, serve, replay, record, mrc, sweep (see 'vmsim --help')",
            Cli.AssertBadInput(Cli.Run("reffs", "1", "2", "3")));
    }

    [Fact]
    public void A_word_near_no_verb_is_told_the_verbs()
    {
        Assert.Equal(
            "vmsim: unknown command 'frobnicate'; the commands are refs, run, demo, policies, translate, serve, replay, record, mrc, sweep (see 'vmsim --help')",
            Cli.AssertBadInput(Cli.Run("frobnicate")));
    }

    [Fact]
    public void No_verb_at_all_prints_the_help_and_exits_2_as_a_usage_error()
    {
        var result = Cli.Run();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal(Cli.Run("--help").Stdout, result.Stdout);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_file_that_is_not_there_is_one_message()
    {
        Assert.Equal(
            "vmsim: @no-such-refs.txt: no such file; an argument that starts with @ names a response file, whose words become the arguments (see 'vmsim refs --help')",
            Cli.AssertBadInput(Cli.Run("refs", "@no-such-refs.txt")));
    }

    [Theory]
    [InlineData("mine.yaml")]
    [InlineData("HOMEWORK.YML")]
    public void A_scenario_file_given_to_refs_is_pointed_to_run(string file)
    {
        Assert.EndsWith(
            $"found '{file}'; a scenario is played by 'vmsim run {file}'",
            Cli.AssertBadInput(Cli.Run("refs", "1", file)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_given_to_refs_is_pointed_to_a_response_file_and_to_replay()
    {
        using var files = new TraceFiles();
        var path = files.Write("refs.txt", "1 2 3\n");

        Assert.EndsWith(
            $"found '{path}'; to read the references in {path}, write @{path}; a trace is replayed by 'vmsim replay {path}'",
            Cli.AssertBadInput(Cli.Run("refs", path)), StringComparison.Ordinal);
        Assert.Equal(0, Cli.Run("refs", "@" + path).ExitCode);
    }

    [Fact]
    public void Frames_range_runs_backwards_is_an_error()
    {
        Assert.Contains("backwards", Cli.AssertBadInput(Cli.Run("refs", "1 2 3", "--compare", "fifo", "--frames", "4-2")), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_and_steps_together_is_an_error()
    {
        Cli.AssertBadInput(Cli.Run("refs", "1 2 3", "--compare", "fifo", "--steps"));
    }

    [Fact]
    public void Page_outside_the_address_space_is_an_error()
    {
        Assert.Contains("32-bit", Cli.AssertBadInput(Cli.Run("refs", "99999999999", "--geometry", "x86-32")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("refs")]
    [InlineData("refs", "1 2", "--bogus")]
    [InlineData("run")]
    public void Usage_errors_exit_2_with_one_line(params string[] args)
    {
        Cli.AssertBadInput(Cli.Run(args));
    }

    [Fact]
    public void Unknown_verb_is_named_alone()
    {
        var message = Cli.AssertBadInput(Cli.Run("frobnicate"));

        Assert.Contains("'frobnicate'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_exits_0()
    {
        var result = Cli.Run("refs", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--compare", result.Stdout, StringComparison.Ordinal);
    }
    [Theory]
    [InlineData("run", "demo", "--polcy", "'--polcy' (did you mean '--policy'?)")]
    [InlineData("run", "demo", "--frams", "'--frams' (did you mean '--frames'?)")]
    [InlineData("refs", "1 2 3", "--polcy", "unknown option '--polcy' (did you mean '--policy'?)")]
    public void A_misspelt_option_gets_the_nearest_name(string verb, string argument, string option, string expected)
    {
        var result = Cli.Run(verb, argument, option, "lru");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--frams", "3", "frames")]
    [InlineData("--polcy", "lru", "policy")]
    public void A_misspelt_options_value_is_not_a_second_error(string option, string value, string meant)
    {
        var result = Cli.Run("run", "demo", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"vmsim: unknown option '{option}' (did you mean '--{meant}'?) (see 'vmsim run --help')", result.Stderr.Trim());
    }

    [Fact]
    public void Each_misspelt_option_is_named_once_without_its_value()
    {
        var result = Cli.Run("run", "demo", "--frams", "3", "--seeed=4", "--polcy", "lru");

        Assert.Equal(
            "vmsim: unknown option '--frams' (did you mean '--frames'?); unknown option '--seeed' (did you mean '--seed'?); unknown option '--polcy' (did you mean '--policy'?) (see 'vmsim run --help')",
            result.Stderr.Trim());
    }

    [Theory]
    [InlineData("run --frams 3 demo", "vmsim: unknown option '--frams' (did you mean '--frames'?) (see 'vmsim run --help')")]
    [InlineData("run --seeed=4 demo", "vmsim: unknown option '--seeed' (did you mean '--seed'?) (see 'vmsim run --help')")]
    [InlineData("mrc --sizez 4 trace.lackey", "vmsim: unknown option '--sizez' (did you mean '--sizes'?) (see 'vmsim mrc --help')")]
    [InlineData("run --frams 3 demo extra", "vmsim: unknown option '--frams' (did you mean '--frames'?); Unrecognized command or argument 'extra' (see 'vmsim run --help')")]
    [InlineData("mrc --format pages -- -weird.pages extra", "vmsim: Unrecognized command or argument 'extra' (see 'vmsim mrc --help')")]
    [InlineData("mrc --format pages --sizez 3 -- -weird.pages", "vmsim: unknown option '--sizez' (did you mean '--sizes'?) (see 'vmsim mrc --help')")]
    public void A_misspelt_option_before_the_argument_is_named_not_taken_for_the_argument(string line, string expected)
    {
        var result = Cli.Run(line.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Stderr.Trim());
    }

    [Fact]
    public void An_option_near_none_gets_no_suggestion()
    {
        var result = Cli.Run("run", "demo", "--zzzzzz");

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("did you mean", result.Stderr, StringComparison.Ordinal);
    }
}

