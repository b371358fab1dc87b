using System.Diagnostics;
using System.Text.Json;

namespace Vmsim.Cli.Tests;

/// <summary>What one run of the command line printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json()
    {
        Assert.Equal(0, ExitCode);
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    /// <summary>Standard output with every run of white space one space: text the terminal wrapped, read as written.</summary>
    public string Words() => System.Text.RegularExpressions.Regex.Replace(Stdout, @"\s+", " ");

    /// <summary>The table rows of the output: lines drawn with a vertical border, split into trimmed cells.</summary>
    public IReadOnlyList<string[]> Rows() => [.. Stdout.Split('\n')
        .Where(l => l.StartsWith('│'))
        .Select(l => l.Trim().Trim('│').Split('│').Select(c => c.Trim()).ToArray())];
}

/// <summary>Runs vmsim in-process through <see cref="Program.Run(string[], TextWriter, TextWriter)"/>, or as a separate program (<see cref="RunProcess(string?, string[])"/>).</summary>
internal static class Cli
{
    public const string Silberschatz = "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1";
    public const string Belady = "1 2 3 4 1 2 5 1 2 3 4 5";

    public static CliResult Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs vmsim with <paramref name="stdin"/> as its standard input (a trace named <c>-</c>).</summary>
    public static CliResult RunWithInput(byte[] stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new MemoryStream(stdin);
        var code = Program.Run(args, stdout, stderr, input);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// The dotnet host that runs vmsim.dll as a program of its own: the one running the tests
    /// (usually), else dotnet on the PATH.
    /// </summary>
    public static string DotnetHost { get; } =
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>
    /// Runs the built vmsim as a separate program through the dotnet host, output redirected (so
    /// plain text at 80 columns), with the runtimeconfig at <paramref name="runtimeConfig"/> in
    /// place of its own when one is given.
    /// </summary>
    public static CliResult RunProcess(string? runtimeConfig, params string[] args) =>
        RunProcess(runtimeConfig, null, args);

    /// <summary>
    /// Runs the built vmsim as a separate program without root's permissions, for what such a user
    /// is told: when the tests run as root, as the user nobody (through <c>setpriv</c>), from a copy
    /// of the program in a folder everyone may read (a clone's own folders may not let nobody in);
    /// otherwise as the tests' own user, who lacks root's permissions already. The folders it is
    /// given must let others in.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static CliResult RunUnprivileged(params string[] args) =>
        Environment.IsPrivilegedProcess
            ? RunProcess(null, ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], args, SharedProgram.Value)
            : RunProcess(null, null, args);

    // The built vmsim copied, once a test run, into a folder of the temporary directory that
    // everyone may enter and read, removed when the run ends.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static readonly Lazy<string> SharedProgram = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("vmsim-program-").FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
        {
            var copy = Path.Combine(folder, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    });

    private static CliResult RunProcess(string? runtimeConfig, string[]? asUser, string[] args, string? program = null)
    {
        program ??= AppContext.BaseDirectory;
        var start = new ProcessStartInfo(asUser?[0] ?? DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = program,
        };
        string[] hostArgs = runtimeConfig is null ? [] : ["exec", "--runtimeconfig", runtimeConfig];
        hostArgs = asUser is null ? hostArgs : [.. asUser[1..], DotnetHost, .. hostArgs];
        foreach (var arg in hostArgs.Append(Path.Combine(program, "vmsim.dll")).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("NO_COLOR");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    /// <summary>The repository's examples/ folder, found by walking up from the test binaries.</summary>
    public static string ExamplesDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "vmsim.slnx")))
                {
                    return Path.Combine(dir.FullName, "examples");
                }
            }

            throw new InvalidOperationException("cannot find the repository root (vmsim.slnx) above " + AppContext.BaseDirectory);
        }
    }

    public static string Example(string name) => Path.Combine(ExamplesDirectory, name + ".yaml");

    /// <summary>The chart data an HTML chart carries: the JSON of its <c>vmsim-data</c> script.</summary>
    public static string ChartData(string html)
    {
        var start = html.IndexOf("<script id=\"vmsim-data\" type=\"application/json\">", StringComparison.Ordinal);
        start = html.IndexOf('>', start) + 1;
        return html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)];
    }

    /// <summary>Asserts exit code 2, nothing on stdout, and exactly one line on stderr with no stack trace.</summary>
    public static string AssertBadInput(CliResult result)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        var message = result.Stderr.TrimEnd('\r', '\n');
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith("vmsim: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        return message;
    }
}
