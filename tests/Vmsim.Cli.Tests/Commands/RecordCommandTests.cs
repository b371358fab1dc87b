using System.IO.Compression;
using Vmsim.Cli.Commands;
using Vmsim.Cli.Recording;

namespace Vmsim.Cli.Tests.Commands;

/// <summary>
/// Records real programs under Valgrind. Valgrind is on every machine this project builds on;
/// where it is missing these tests fail with the command that installs it, never skip.
/// </summary>
public sealed class RecordCommandTests : IDisposable
{
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static System.Text.Json.JsonElement Recorded(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"vmsim record exited with {result.ExitCode}: {result.Stderr}");
        return result.Json();
    }

    [Fact]
    public void Valgrind_is_installed()
    {
        Assert.True(LackeyRecording.FindValgrind(Environment.GetEnvironmentVariable("PATH")) is not null,
            $"valgrind is not on PATH: vmsim record needs it; {LackeyRecording.InstallHint}");
    }

    [Fact]
    public void Bin_true_gives_a_non_empty_replay_and_exit_code_0()
    {
        var json = Recorded(Cli.Run("record", "--frames", "64", "--json", "--", "/bin/true"));

        Assert.Equal("record", json.GetProperty("command").GetString());
        Assert.Equal(0, json.GetProperty("program").GetProperty("exitCode").GetInt32());
        Assert.Equal("lackey", json.GetProperty("trace").GetProperty("format").GetString());
        Assert.True(json.GetProperty("accesses").GetInt64() > 10_000);
        Assert.True(json.GetProperty("faults").GetProperty("total").GetInt64() > 0);
        Assert.Equal(json.GetProperty("trace").GetProperty("accesses").GetInt64(), json.GetProperty("accesses").GetInt64());
    }

    [Fact]
    public void A_warm_up_leaves_the_first_accesses_out_and_replays_the_same_from_the_saved_copy()
    {
        var saved = _files.Path("true.lackey.gz");

        var json = Recorded(Cli.Run("record", "--frames", "32", "--warmup", "5000", "--save", saved, "--json", "--", "/bin/true"));
        var replay = Cli.Run("replay", saved, "--frames", "32", "--warmup", "5000", "--json").Json();
        var tooLong = Cli.Run("record", "--warmup", "1G", "--", "/bin/true");
        var share = Cli.Run("record", "--warmup", "10%", "--", "/bin/true");

        Assert.Equal(5000, json.GetProperty("trace").GetProperty("warmup").GetInt64());
        Assert.Equal(json.GetProperty("trace").GetProperty("accesses").GetInt64() - 5000, json.GetProperty("accesses").GetInt64());
        Assert.Equal(replay.GetProperty("faults").GetProperty("total").GetInt64(), json.GetProperty("faults").GetProperty("total").GetInt64());
        Assert.Equal(2, tooLong.ExitCode);
        Assert.Contains("--warmup 1,000,000,000: the trace has only", tooLong.Stderr, StringComparison.Ordinal);

        // A share needs the whole trace's length, which a recording only knows at its end.
        Assert.Equal(2, share.ExitCode);
        Assert.Contains("--warmup 10%: a share needs the trace's length", share.Stderr, StringComparison.Ordinal);
        Assert.Contains("vmsim replay trace.lackey.gz --warmup 10%", share.Stderr, StringComparison.Ordinal);
        Assert.Contains("for a share such as 10%, record with --save", Cli.Run("record", "--help").Words(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_warm_up_longer_than_the_whole_recording_is_refused_and_the_saved_copy_kept_to_replay()
    {
        var saved = _files.Path("kept.lackey.gz");

        var refused = Cli.Run("record", "--warmup", "1G", "--save", saved, "--", "/bin/true");
        var replay = Cli.Run("replay", saved, "--json");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"--warmup 1,000,000,000: the trace has only", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains($"the whole recording was saved to {saved}, to replay with a smaller one", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, replay.ExitCode);
        Assert.True(replay.Json().GetProperty("accesses").GetInt64() > 0);
    }

    [Fact]
    public void Ls_keeps_its_output_apart_from_the_json_and_saves_a_gzip_copy_that_replays_the_same()
    {
        var saved = _files.Path("ls.lackey.gz");

        var result = Cli.Run("record", "--frames", "128", "--policy", "lru", "--save", saved, "--json", "--", "ls", "/");
        var json = Recorded(result);
        var replay = Cli.Run("replay", saved, "--frames", "128", "--policy", "lru", "--json").Json();

        // With --json, the program's standard output goes to standard error.
        Assert.Contains("bin", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, json.GetProperty("program").GetProperty("exitCode").GetInt32());
        using (var file = File.OpenRead(saved))
        {
            Assert.Equal(0x1f, file.ReadByte());
            Assert.Equal(0x8b, file.ReadByte());
        }

        Assert.StartsWith("==", System.Text.Encoding.UTF8.GetString(TraceFiles.ReadGzip(saved)), StringComparison.Ordinal);

        Assert.Equal(json.GetProperty("accesses").GetInt64(), replay.GetProperty("accesses").GetInt64());
        Assert.Equal(json.GetProperty("faults").GetProperty("total").GetInt64(), replay.GetProperty("faults").GetProperty("total").GetInt64());
    }

    [Fact]
    public void A_child_the_program_forks_is_not_traced_and_a_shell_is_said_to_be_all_that_was()
    {
        // The same loop, in a subshell (a forked child of sh) and in sh itself: a lackey trace
        // has no process ids, so the child's accesses must stay out of the parent's trace.
        const string Loop = "i=0; while [ $i -lt 100 ]; do i=$((i+1)); done";
        var inChild = Recorded(Cli.Run("record", "--json", "--", "sh", "-c", $"({Loop})"));
        var inParent = Recorded(Cli.Run("record", "--json", "--", "sh", "-c", Loop));
        var text = Cli.Run("record", "--", "sh", "-c", "true");
        var direct = Recorded(Cli.Run("record", "--json", "--", "/bin/true"));

        Assert.True(inChild.GetProperty("accesses").GetInt64() * 2 < inParent.GetProperty("accesses").GetInt64(),
            $"{inChild.GetProperty("accesses")} accesses with the loop in a child, {inParent.GetProperty("accesses")} with it in sh");
        Assert.Contains("Note: only sh itself was traced", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("only sh itself was traced", inChild.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        Assert.False(direct.TryGetProperty("notes", out var notes) && notes.GetArrayLength() > 0);
    }

    [Fact]
    public void The_program_exit_code_is_reported_and_the_program_is_shown_as_ended()
    {
        var result = Cli.Run("record", "--frames", "32", "--", "/bin/sh", "-c", "exit 3");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Program: /bin/sh -c 'exit 3', exited with code 3", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Page faults", result.Stdout, StringComparison.Ordinal);
        var process = Assert.Single(result.Rows(), r => r[0] == "1");
        Assert.Equal("exit", process[5]);
        Assert.StartsWith("exited with code 3", process[6], StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_killed_by_a_signal_is_said_to_be_and_valgrind_s_account_goes_to_stderr()
    {
        var text = Cli.Run("record", "--frames", "32", "--", "/bin/sh", "-c", "kill -SEGV $$");
        var json = Recorded(Cli.Run("record", "--frames", "32", "--json", "--", "/bin/sh", "-c", "kill -SEGV $$"));

        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Contains("Program: /bin/sh -c 'kill -SEGV $$', killed by SIGSEGV (signal 11)", text.Stdout, StringComparison.Ordinal);
        var process = Assert.Single(text.Rows(), r => r[0] == "1");
        Assert.Equal("killed", process[5]);
        Assert.Contains("Process terminating with default action of signal 11 (SIGSEGV)", text.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Command:", text.Stderr, StringComparison.Ordinal);
        var program = json.GetProperty("program");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, program.GetProperty("exitCode").ValueKind);
        Assert.Equal("SIGSEGV", program.GetProperty("signal").GetProperty("name").GetString());
        Assert.Equal(11, program.GetProperty("signal").GetProperty("number").GetInt32());
        Assert.Equal("killed by SIGSEGV (signal 11)", program.GetProperty("ended").GetString());
        Assert.Equal("killed", json.GetProperty("processes")[0].GetProperty("state").GetString());
        Assert.Equal("killed by SIGSEGV (signal 11)", json.GetProperty("processes")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public void Words_after_the_program_name_are_the_program_s_with_or_without_a_double_dash()
    {
        var without = Cli.Run("record", "--frames", "8", "--json", "/bin/echo", "--frames", "5", "--json");
        var with = Cli.Run("record", "--frames=8", "--json", "--", "/bin/echo", "--frames", "5", "--json");

        foreach (var result in new[] { without, with })
        {
            var json = Recorded(result);
            Assert.Equal(8, json.GetProperty("machine").GetProperty("frames").GetInt32());
            Assert.Equal(["/bin/echo", "--frames", "5", "--json"], json.GetProperty("program").GetProperty("command").EnumerateArray().Select(w => w.GetString()));
            Assert.Contains("--frames 5 --json", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--fram", "unknown option '--fram' (did you mean '--frames'?)")]
    [InlineData("--trace-children=yes", "unknown option '--trace-children=yes'")]
    [InlineData("--bogus", "unknown option '--bogus'")]
    public void An_unknown_option_before_the_program_is_refused_not_given_to_valgrind(string option, string expected)
    {
        var message = Cli.AssertBadInput(Cli.Run("record", option, "64", "--", "/bin/true"));

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains("vmsim record --help", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_file_where_the_program_goes_is_refused_not_run()
    {
        var message = Cli.AssertBadInput(Cli.Run("record", "--frames", "8", "@opts.rsp", "/bin/true"));

        Assert.Contains("record: '@opts.rsp' stands where the program goes; record reads no response file after its verb", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valgrind_options_and_valgrind_itself_as_the_program_are_refused()
    {
        var option = Cli.AssertBadInput(Cli.Run("record", "--", "--tool=memcheck", "/bin/true"));
        var valgrind = Cli.AssertBadInput(Cli.Run("record", "--", "valgrind", "/bin/true"));

        Assert.Contains("'--tool=memcheck' is an option where the program to record was expected", option, StringComparison.Ordinal);
        Assert.Contains("Valgrind's are not taken", option, StringComparison.Ordinal);
        Assert.Contains("'valgrind' is Valgrind, which vmsim runs itself", valgrind, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("--", "-")]
    [InlineData("--frames", "8", "-")]
    public void A_dash_for_the_program_points_to_replay_for_a_trace_on_standard_input(params string[] words)
    {
        var message = Cli.AssertBadInput(Cli.Run(["record", .. words]));

        Assert.Equal("vmsim: record: '-' is not a program; record runs a program under Valgrind and traces it as it runs, and a trace on standard input is for replay (vmsim replay - < trace.lackey)", message);
    }

    [Fact]
    public void A_save_name_without_gz_is_refused_and_not_written()
    {
        var plain = _files.Path("plain.lackey");

        var message = Cli.AssertBadInput(Cli.Run("record", "--save", plain, "/bin/true"));

        Assert.Contains("its name must end in .gz, as in --save plain.lackey.gz", message, StringComparison.Ordinal);
        Assert.False(File.Exists(plain));
    }

    [Fact]
    public void The_program_line_quotes_words_as_a_shell_would_need_them()
    {
        Assert.Equal(@"./echo_io 'x y' '' --frames 5 'it'\''s' a=b,c", RecordCommand.ShellWords(["./echo_io", "x y", "", "--frames", "5", "it's", "a=b,c"]));
    }

    [Fact]
    public void A_program_that_does_not_exist_is_exit_2()
    {
        var message = Cli.AssertBadInput(Cli.Run("record", "--", "/no/such/program"));

        Assert.Contains("the program was not found", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recording_of_nothing_leaves_no_save_copy_and_a_file_written_over_as_it_was()
    {
        var saved = _files.Path("rec.gz");
        Assert.Contains("the program was not found", Cli.AssertBadInput(Cli.Run("record", "--save", saved, "--", "/no/such/program")), StringComparison.Ordinal);
        Assert.False(File.Exists(saved));

        File.WriteAllText(saved, "an older recording");
        Assert.Contains("the program was not found", Cli.AssertBadInput(Cli.Run("record", "--save", saved, "--force", "--", "/no/such/program")), StringComparison.Ordinal);
        Assert.Equal("an older recording", File.ReadAllText(saved));
        Assert.Equal(["rec.gz"], Directory.GetFiles(_files.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_with_other_names_is_left_as_it_was_by_a_recording_of_nothing_and_written_into_by_one_of_accesses()
    {
        // A hard link is written into in place (both names then see the copy), never cut before
        // the copy is complete.
        var saved = _files.Write("linked.gz", "an older recording");
        var other = _files.Path("other.gz");
        Assert.Equal(0, StagedFileTests.Link(saved, other));

        Assert.Contains("the program was not found", Cli.AssertBadInput(Cli.Run("record", "--save", saved, "--force", "--", "/no/such/program")), StringComparison.Ordinal);
        Assert.Equal("an older recording", File.ReadAllText(saved));
        Assert.Equal("an older recording", File.ReadAllText(other));

        var accesses = Recorded(Cli.Run("record", "--json", "--save", saved, "--force", "/bin/true")).GetProperty("accesses").GetInt64();
        Assert.True(accesses > 0);
        Assert.Equal(accesses, Cli.Run("replay", other, "--json").Json().GetProperty("accesses").GetInt64());
        Assert.Equal(["linked.gz", "other.gz"], Directory.GetFiles(_files.Directory).Select(Path.GetFileName).Order());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_copy_written_in_place_is_staged_in_a_temporary_file_that_has_no_name_while_the_program_runs()
    {
        // A file with other names is written into in place from a temporary file in the system's
        // temporary folder, which must have lost its name at once, so that nothing is left there
        // however vmsim ends. The recorded shell runs in Valgrind's process, whose parent is the
        // process running vmsim here: it lists what that process holds open.
        var saved = _files.Write("linked.gz", "an older recording");
        Assert.Equal(0, StagedFileTests.Link(saved, _files.Path("other.gz")));
        var seen = _files.Path("open.txt");

        var result = Cli.Run("record", "--json", "--save", saved, "--force", "--", "/bin/sh", "-c", $"for f in /proc/$PPID/fd/*; do readlink \"$f\"; done > '{seen}'");

        Assert.Equal(0, result.ExitCode);
        var staged = File.ReadAllLines(seen).Where(l => l.Contains("/vmsim-save-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(staged);
        Assert.All(staged, l => Assert.EndsWith(" (deleted)", l, StringComparison.Ordinal));
        Assert.True(Cli.Run("replay", saved, "--json").Json().GetProperty("accesses").GetInt64() > 0);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_save_copy_where_the_user_may_not_write_is_refused_before_the_program_runs()
    {
        // Without root's permissions: root may write anywhere. The program would leave a mark, had it run.
        File.SetUnixFileMode(_files.Directory, (UnixFileMode)0x1ff); // rwxrwxrwx
        var readOnly = Directory.CreateDirectory(_files.Path("ro"), (UnixFileMode)0x16d).FullName; // r-xr-xr-x
        var closed = Directory.CreateDirectory(_files.Path("nox"), UnixFileMode.None).FullName; // nobody may enter, its owner neither
        var mark = _files.Path("ran");
        try
        {
            foreach (var (save, expected) in new[]
            {
                (Path.Combine(readOnly, "x.gz"), $"vmsim: --save: cannot create a file in folder {readOnly}: permission denied"),
                (Path.Combine(closed, "x.gz"), $"vmsim: --save: could not write {Path.Combine(closed, "x.gz")}: permission denied"),
            })
            {
                Assert.Equal(expected, Cli.AssertBadInput(Cli.RunUnprivileged("record", "--save", save, "--", "/usr/bin/touch", mark)));
                Assert.False(File.Exists(mark));
            }
        }
        finally
        {
            File.SetUnixFileMode(closed, (UnixFileMode)0x1c0);
        }

        Assert.Empty(Directory.GetFileSystemEntries(readOnly));
    }

    [Fact]
    public void Opt_cannot_stream_and_says_how_to_record_for_it()
    {
        var message = Cli.AssertBadInput(Cli.Run("record", "--policy", "opt", "--", "/bin/true"));

        Assert.Contains("--save", message, StringComparison.Ordinal);
        Assert.Contains("vmsim replay", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_valgrind_on_path_the_install_command_is_given()
    {
        Assert.Null(LackeyRecording.FindValgrind(_files.Directory));
        Assert.Contains("apt-get install valgrind", LackeyRecording.InstallHint, StringComparison.Ordinal);
    }
}
