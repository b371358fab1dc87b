using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace Vmsim.Cli.Tests;

/// <summary>
/// Ctrl-C and SIGTERM sent to the built vmsim, run as a program of its own with a temporary
/// folder of its own: what it says, its exit code, and what it leaves behind.
/// </summary>
public sealed partial class InterruptTests : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly TraceFiles _files = new();
    private readonly string _temp = Directory.CreateTempSubdirectory("vmsim-interrupt-tmp-").FullName;

    public void Dispose()
    {
        _files.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public void Ctrl_c_during_record_stops_valgrind_and_the_program_and_keeps_a_whole_gzip_of_what_was_read()
    {
        var saved = _files.Path("loop.lackey.gz");
        var marker = $"vmsim-interrupt-{Guid.NewGuid():N}";
        using var vmsim = Start("record", "--save", saved, "--", "/bin/sh", "-c", "while :; do :; done", marker);

        // Interrupt once the program runs under Valgrind and its trace is coming.
        WaitFor(() => Running(marker).Any(c => c.Contains("valgrind", StringComparison.Ordinal)), vmsim);
        Assert.Equal(0, Kill(vmsim.Id, SigInt));
        var (stdout, stderr) = Finish(vmsim);

        Assert.Equal(130, vmsim.ExitCode);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("vmsim:", StringComparison.Ordinal));
        // Valgrind's account of the SIGTERM the program got (==PID== lines) may come first; nothing else.
        Assert.All(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.True(l.StartsWith("==", StringComparison.Ordinal) || l == line, l));
        var said = SavedAccesses().Match(line);
        Assert.True(said.Success, line);
        Assert.StartsWith("vmsim: record: interrupted by SIGINT: valgrind and /bin/sh were stopped", line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp));
        Assert.Empty(Running(marker));

        // The copy is a whole gzip of whole lines, holding the accesses the message counts.
        var replay = Cli.Run("replay", saved, "--json").Json();
        Assert.Equal(long.Parse(said.Groups["n"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), replay.GetProperty("accesses").GetInt64());
        Assert.Equal((byte)'\n', TraceFiles.ReadGzip(saved)[^1]);
    }

    [Fact]
    public void A_signal_after_the_recording_ended_ends_vmsim_as_it_ends_any_verb()
    {
        // Every step of a short program's trace is printed; standard output is read only once
        // vmsim starts writing, so vmsim then waits on a full pipe, its recording over.
        using var vmsim = Start("record", "--steps", "--steps-limit", "1000000", "--", "/bin/sh", "-c", "exit 0");
        var first = new char[1];
        Assert.Equal(1, vmsim.StandardOutput.Read(first, 0, 1));
        Thread.Sleep(TimeSpan.FromSeconds(1));
        Assert.False(vmsim.HasExited);
        Assert.Equal(0, Kill(vmsim.Id, SigTerm));
        var (_, stderr) = Finish(vmsim);

        Assert.Equal(143, vmsim.ExitCode);
        Assert.Equal("vmsim: interrupted by SIGTERM", stderr.Trim());
    }

    [Fact]
    public void Sigterm_while_standard_input_is_saved_for_opt_leaves_no_temporary_file()
    {
        using var vmsim = Start("replay", "-", "--format", "pages", "--policy", "opt", "--frames", "4");

        // Standard input stays open, so vmsim is still copying it when the signal comes.
        var page = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 10_000).Select(i => $"{i % 97}\n")));
        for (var i = 0; i < 20; i++)
        {
            vmsim.StandardInput.BaseStream.Write(page);
        }

        vmsim.StandardInput.BaseStream.Flush();
        Thread.Sleep(TimeSpan.FromSeconds(1));
        Assert.Equal(0, Kill(vmsim.Id, SigTerm));
        var (stdout, stderr) = Finish(vmsim);

        Assert.Equal(143, vmsim.ExitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("vmsim: interrupted by SIGTERM", stderr.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp));
    }

    [Fact]
    public void Ctrl_c_during_a_replay_with_an_access_log_puts_the_log_in_place_in_whole_rows()
    {
        var log = _files.Path("log.csv");
        using var vmsim = Start("replay", "-", "--format", "pages", "--frames", "8", "--access-log", log);

        // The trace keeps coming until vmsim ends, so the replay is under way when the signal comes.
        var feed = new Thread(() =>
        {
            var lines = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 10_000).Select(i => $"{i * 7 % 113}\n")));
            try
            {
                while (true)
                {
                    vmsim.StandardInput.BaseStream.Write(lines);
                }
            }
            catch (IOException)
            {
                // vmsim has ended and closed its end of the pipe.
            }
        })
        { IsBackground = true };
        feed.Start();
        Thread.Sleep(TimeSpan.FromSeconds(2));
        Assert.Equal(0, Kill(vmsim.Id, SigInt));
        var (stdout, stderr) = Finish(vmsim);
        feed.Join(TimeSpan.FromSeconds(10));

        Assert.Equal(130, vmsim.ExitCode);
        Assert.Equal(string.Empty, stdout);
        var said = LoggedAccesses().Match(stderr.Trim());
        Assert.True(said.Success, stderr);
        Assert.Equal(log, said.Groups["log"].Value);
        var rows = File.ReadAllText(log).Split('\n');
        Assert.Equal("access,pid,address,page,op,tlb,outcome,frame,evicted,written_back", rows[0]);
        Assert.Equal(string.Empty, rows[^1]);
        Assert.Equal(long.Parse(said.Groups["n"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), rows.Length - 2);
        Assert.True(rows.Length > 1000);
        Assert.All(rows[1..^1], r => Assert.Equal(10, r.Split(',').Length));
        Assert.Equal(["log.csv"], Directory.EnumerateFileSystemEntries(_files.Directory).Select(Path.GetFileName));
    }

    private Process Start(params string[] args)
    {
        // Through env, which puts SIGINT and SIGTERM back to their defaults and then runs vmsim in
        // its own place (the same process id): a test run started in the background of a shell
        // without job control inherits SIGINT ignored, and vmsim, rightly, keeps it ignored then.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        start.ArgumentList.Add(Cli.DotnetHost);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vmsim.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Its own temporary folder, which the runtime's diagnostics pipes would otherwise share.
        start.Environment["TMPDIR"] = _temp;
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        return Process.Start(start)!;
    }

    private static void WaitFor(Func<bool> condition, Process vmsim)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (vmsim.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                if (!vmsim.HasExited)
                {
                    vmsim.Kill(entireProcessTree: true);
                }

                Assert.Fail($"the recording did not start within a minute: {vmsim.StandardError.ReadToEnd()}");
            }

            Thread.Sleep(100);
        }

        // Valgrind has started the program, whose loop is then well under way.
        Thread.Sleep(TimeSpan.FromSeconds(3));
    }

    private static (string Stdout, string Stderr) Finish(Process vmsim)
    {
        var stderr = vmsim.StandardError.ReadToEndAsync();
        var stdout = vmsim.StandardOutput.ReadToEndAsync();
        if (!vmsim.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            vmsim.Kill(entireProcessTree: true);
            Assert.Fail("vmsim did not end within 30 seconds of the signal");
        }

        return (stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    // The processes whose command line holds the marker, from /proc.
    private static List<string> Running(string marker) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Select(d =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Ended meanwhile, or not ours to read.
                    return string.Empty;
                }
            })
            .Where(c => c.Contains(marker, StringComparison.Ordinal))];

    [System.Text.RegularExpressions.GeneratedRegex(@"; saved the first (?<n>[\d,]+) access(es)? to .* before the interrupt$")]
    private static partial System.Text.RegularExpressions.Regex SavedAccesses();

    [System.Text.RegularExpressions.GeneratedRegex(@"^vmsim: replay: interrupted by SIGINT: the access log (?<log>.*) holds the first (?<n>[\d,]+) access(es)?, in whole rows$")]
    private static partial System.Text.RegularExpressions.Regex LoggedAccesses();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
