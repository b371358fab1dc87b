using System.Runtime.InteropServices;
using System.Text;

namespace Vmsim.Cli.Tests;

/// <summary>
/// Output files are written whole or not at all where a rename can replace them without harm: a
/// failure or an interrupt while one is written leaves the file that was there before byte for
/// byte, and no temporary file beside it. Devices, FIFOs and hard links are written into, in place.
/// </summary>
public sealed class StagedFileTests : IDisposable
{
    private static readonly byte[] Earlier = Encoding.UTF8.GetBytes("policy,frames\nmy earlier results,1\n");
    private readonly TraceFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_complete_write_replaces_the_file_and_leaves_nothing_else_in_its_folder()
    {
        var path = WriteEarlier();

        var done = StagedFile.Write(path, "--csv", force: true, interruption: null, stream => stream.Write("new,1\n"u8));

        Assert.True(done);
        Assert.Equal("new,1\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_files.Directory));
    }

    [Fact]
    public void A_failure_midway_leaves_the_earlier_file_as_it_was_and_no_temporary_file()
    {
        var path = WriteEarlier();

        // As .NET reports a full disk: the system's error number, and the path of the file written (the temporary one).
        var error = Assert.Throws<CommandLineInputException>(() => StagedFile.Write(path, "--csv", force: true, interruption: null, stream =>
        {
            stream.Write("half a"u8);
            stream.Flush();
            throw new IOException($"No space left on device : '{((FileStream)stream).Name}'", NoSpaceLeftOnDevice);
        }));

        Assert.Equal($"--csv: could not write {path}: no space left on device", error.Message);
        Assert.Equal(Earlier, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_files.Directory));
    }

    [Fact]
    public void A_failure_without_an_error_number_names_the_file_asked_for_not_the_temporary_one()
    {
        var path = WriteEarlier();

        var error = Assert.Throws<CommandLineInputException>(() => StagedFile.Write(path, "--csv", force: true, interruption: null, stream =>
            throw new IOException($"Disk quota exceeded : '{((FileStream)stream).Name}'")));

        Assert.Equal($"--csv: could not write {path}: Disk quota exceeded", error.Message);
        Assert.DoesNotContain(".vmsim-", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_temporary_file_that_cannot_be_made_is_said_as_its_folder()
    {
        var folder = _files.Path("gone");
        var path = Path.Combine(folder, "results.csv");

        var error = Assert.Throws<CommandLineInputException>(() => StagedFile.Write(path, "--csv", force: true, interruption: null, stream => stream.Write("new,1\n"u8)));

        Assert.Equal($"--csv: cannot create a file in folder {folder}: no such folder", error.Message);
    }

    [Fact]
    public void A_name_too_long_to_extend_is_still_written_whole()
    {
        var path = _files.Path(new string('r', 250));

        Assert.True(StagedFile.Write(path, "--csv", force: false, interruption: null, stream => stream.Write("new,1\n"u8)));

        Assert.Equal("new,1\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_files.Directory));
    }

    [Fact]
    public async Task A_fifo_is_written_into_and_stays_a_fifo()
    {
        var fifo = _files.Path("results.fifo");
        Assert.Equal(0, MakeFifo(fifo, 0x180));
        var read = Task.Run(() => File.ReadAllText(fifo));

        Assert.True(StagedFile.Write(fifo, "--csv", force: true, interruption: null, stream => stream.Write("new,1\n"u8)));

        Assert.Equal("new,1\n", await read.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(FileStatus.Of(fifo, out _)!.Value.IsRegular);
        Assert.Equal([fifo], Directory.GetFileSystemEntries(_files.Directory));
    }

    [Fact]
    public void A_device_is_written_into_and_stays_a_device()
    {
        var link = _files.Path("null.csv");
        File.CreateSymbolicLink(link, "/dev/null");

        Assert.True(StagedFile.Write(link, "--csv", force: true, interruption: null, stream => stream.Write("new,1\n"u8)));

        Assert.Equal("/dev/null", new FileInfo(link).LinkTarget);
        Assert.False(FileStatus.Of("/dev/null", out _)!.Value.IsRegular);
        Assert.Empty(Directory.GetFiles("/dev", ".null.vmsim-*"));
    }

    [Fact]
    public void A_device_that_fails_as_its_last_bytes_reach_it_is_said_in_one_line()
    {
        // A few bytes stay in the stream's buffer until it is closed: /dev/full refuses them then.
        var error = Assert.Throws<CommandLineInputException>(() => StagedFile.Write("/dev/full", "--csv", force: true, interruption: null, stream => stream.Write("new,1\n"u8)));

        Assert.Equal("--csv: could not write /dev/full: no space left on device", error.Message);
    }

    [Fact]
    public void A_file_with_another_name_is_written_into_so_both_names_see_the_new_content()
    {
        var path = WriteEarlier();
        var other = _files.Path("other-name.csv");
        Assert.Equal(0, Link(path, other));

        Assert.True(StagedFile.Write(path, "--csv", force: true, interruption: null, stream => stream.Write("new,1\n"u8)));

        Assert.Equal("new,1\n", File.ReadAllText(other));
        Assert.Equal(2u, FileStatus.Of(path, out _)!.Value.Links);
    }

    [Fact]
    public void An_interrupt_midway_leaves_the_earlier_file_as_it_was_and_no_temporary_file()
    {
        var path = WriteEarlier();
        var exits = new List<int>();
        using var stderr = new StringWriter();
        using var interruption = new Interruption(stderr, exits.Add);

        var done = StagedFile.Write(path, "--plot", force: true, interruption, stream =>
        {
            stream.Write("<svg>half"u8);
            stream.Flush();
            Assert.True(interruption.Raise(2));
            stream.Write("</svg>"u8);
        });

        Assert.False(done);
        Assert.Equal(Earlier, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_files.Directory));

        // The interrupt was left to the verb to report: vmsim was not ended, and nothing said yet.
        Assert.Empty(exits);
        Assert.Equal(string.Empty, stderr.ToString());
        Assert.Equal(130, interruption.Report());
        Assert.Equal("vmsim: interrupted by SIGINT", stderr.ToString().Trim());
    }

    [Fact]
    public void A_file_that_appeared_while_vmsim_ran_is_kept_without_force()
    {
        var path = _files.Path("results.csv");

        var error = Assert.Throws<CommandLineInputException>(() => StagedFile.Write(path, "--csv", force: false, interruption: null, stream =>
        {
            File.WriteAllBytes(path, Earlier);
            stream.Write("new,1\n"u8);
        }));

        Assert.Equal($"--csv: {path} appeared while vmsim ran; give another name, or --force to write over it", error.Message);
        Assert.Equal(Earlier, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_files.Directory));
    }

    [Fact]
    public void A_symbolic_link_is_written_through_to_the_file_it_names()
    {
        var real = WriteEarlier();
        var link = _files.Path("link.csv");
        File.CreateSymbolicLink(link, real);

        Assert.True(StagedFile.Write(link, "--csv", force: true, interruption: null, stream => stream.Write("new,1\n"u8)));

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("new,1\n", File.ReadAllText(real));
    }

    [Fact]
    public void A_loop_of_symbolic_links_is_said_as_one_not_as_a_read_only_file()
    {
        var first = _files.Path("loop1.csv");
        var second = _files.Path("loop2.csv");
        File.CreateSymbolicLink(first, second);
        File.CreateSymbolicLink(second, first);

        var error = Assert.Throws<CommandLineInputException>(() => StagedFile.Write(first, "--csv", force: true, interruption: null, stream => stream.Write("new,1\n"u8)));

        Assert.StartsWith($"--csv: could not write {first}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic links", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("read-only", error.Message, StringComparison.Ordinal);
        Assert.Equal([first, second], Directory.GetFileSystemEntries(_files.Directory).Order(StringComparer.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_replaced_file_keeps_its_permissions()
    {
        var path = WriteEarlier();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.True(StagedFile.Write(path, "--csv", force: true, interruption: null, stream => stream.Write("new,1\n"u8)));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    private const int NoSpaceLeftOnDevice = 28; // ENOSPC

    private string WriteEarlier()
    {
        var path = _files.Path("results.csv");
        File.WriteAllBytes(path, Earlier);
        return path;
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    /// <summary>Gives the file <paramref name="existing"/> names another name (a hard link); 0 when done.</summary>
    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    internal static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string added);
}
