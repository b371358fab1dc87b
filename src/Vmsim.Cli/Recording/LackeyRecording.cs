using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Cli.Recording;

/// <summary>
/// A program running under Valgrind's lackey tool with <c>--trace-mem=yes</c>, its trace read as
/// it is written. Lackey writes the trace to Valgrind's log; the log goes to a named pipe (FIFO)
/// in a private temporary folder, so that the program keeps its own standard input, output and
/// error, and no trace file is ever written (unless <c>--save</c> asks for a gzip copy, which is
/// written as the trace streams by). Only the program itself is traced: a program it executes
/// runs without Valgrind (Valgrind's <c>--trace-children</c> is off) and a child it forks is
/// silent (<c>--child-silent-after-fork=yes</c>), as a lackey trace could not tell processes apart.
/// </summary>
internal sealed class LackeyRecording : IDisposable
{
    /// <summary>What to tell someone whose machine has no Valgrind.</summary>
    public const string InstallHint = "install it with 'apt-get install valgrind' (Debian, Ubuntu) or your system's package manager";

    /// <summary>How long Valgrind has to end after SIGTERM before it and the program's processes are killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    private const int SigTerm = 15;
    private const int SigKill = 9;

    private readonly Process _process;
    private readonly string _directory;
    private readonly Task? _stdoutPump;
    private LackeyLogStream? _trace;
    private int _stopped;
    private bool _released;
    private bool _disposed;

    private LackeyRecording(Process process, string directory, Task? stdoutPump)
    {
        _process = process;
        _directory = directory;
        _stdoutPump = stdoutPump;
    }

    /// <summary>The trace as Valgrind writes it (with a gzip copy going to the save file, if one was asked for).</summary>
    public Stream Trace => _trace ?? throw new InvalidOperationException("the recording has not started");

    /// <summary>True once <see cref="Stop"/> was called: the trace ends where the program was stopped.</summary>
    public bool Stopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>The signal that killed the program, as Valgrind reported it, or null (read after the trace's end).</summary>
    public (int Number, string Name)? Signal => _trace?.Signal;

    /// <summary>
    /// Finds <c>valgrind</c> in the folders of <paramref name="pathVariable"/> (the PATH
    /// environment variable's form); null when none has it.
    /// </summary>
    public static string? FindValgrind(string? pathVariable) => Executables.FindOnPath(pathVariable, "valgrind");

    /// <summary>
    /// Starts <paramref name="command"/> under <paramref name="valgrind"/> and opens its trace.
    /// </summary>
    /// <param name="valgrind">The valgrind executable.</param>
    /// <param name="command">The program and its arguments.</param>
    /// <param name="save">Where to write a gzip copy of the trace, or null; the gzip data is whole once the trace has ended, and the stream is left open for its owner to close.</param>
    /// <param name="stdoutSink">Where the program's standard output goes, or null to let it have this process's own.</param>
    /// <param name="messages">Where Valgrind's report of a program killed by a signal goes (standard error).</param>
    public static LackeyRecording Start(string valgrind, IReadOnlyList<string> command, Stream? save, TextWriter? stdoutSink, TextWriter messages)
    {
        ArgumentNullException.ThrowIfNull(valgrind);
        ArgumentNullException.ThrowIfNull(command);
        var directory = Directory.CreateTempSubdirectory("vmsim-record-").FullName;
        var fifo = Path.Combine(directory, "lackey.fifo");
        if (MakeFifo(Encoding.UTF8.GetBytes(fifo + "\0"), 0x180) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Directory.Delete(directory, recursive: true);
            throw new IOException($"cannot create a named pipe in {directory} (errno {errno})");
        }

        var start = new ProcessStartInfo(valgrind)
        {
            UseShellExecute = false,
            RedirectStandardOutput = stdoutSink is not null,
        };
        start.ArgumentList.Add("--tool=lackey");
        start.ArgumentList.Add("--trace-mem=yes");

        // A lackey trace has no process ids: a child the program forks would mix its accesses
        // into the parent's (until it executes a program, which then runs without Valgrind).
        start.ArgumentList.Add("--child-silent-after-fork=yes");

        // Valgrind's gdb server would make named pipes in the temporary folder, left there when
        // Valgrind is killed; a recording has no use for it.
        start.ArgumentList.Add("--vgdb=no");
        start.ArgumentList.Add($"--log-file={fifo}");
        foreach (var word in command)
        {
            start.ArgumentList.Add(word);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException($"cannot start {valgrind}");
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }

        var pump = stdoutSink is null ? null : Task.Run(() => Pump(process.StandardOutput, stdoutSink));
        var recording = new LackeyRecording(process, directory, pump);
        try
        {
            var trace = OpenFifo(fifo, process);
            var copy = save is null ? null : new GZipStream(save, CompressionLevel.Fastest, leaveOpen: true);
            recording._trace = new LackeyLogStream(trace, copy, messages, () => recording.Stopped);
        }
        catch
        {
            recording.Dispose();
            throw;
        }

        return recording;
    }

    /// <summary>Waits for Valgrind to end (after the trace was read to its end) and returns its exit code, which is the program's.</summary>
    public int WaitForExit()
    {
        _process.WaitForExit();
        _stdoutPump?.GetAwaiter().GetResult();
        return _process.ExitCode;
    }

    /// <summary>
    /// Stops the program (on an interrupt): SIGTERM to Valgrind, which passes it on to the program,
    /// and to the processes the program started; whatever still runs after <see cref="StopGrace"/>
    /// is killed. The trace, still being read, then ends at the last whole line Valgrind wrote.
    /// Safe to call from any thread, and more than once.
    /// </summary>
    public void Stop()
    {
        if (Volatile.Read(ref _released) || Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        // Each process is held as it was listed, so that one ending in the grace and its PID
        // taken by another is not signalled; Valgrind, once it has exited, is not listed at all.
        var tree = ProcessTree(ListedProcess.OfChild(_process));
        try
        {
            foreach (var process in tree)
            {
                _ = process.Signal(SigTerm);
            }

            if (!_process.WaitForExit(StopGrace))
            {
                _process.Kill(entireProcessTree: true);
            }

            // Children the program started may outlive Valgrind; they were part of the run, and so
            // are the processes they started meanwhile.
            foreach (var child in tree.Skip(1))
            {
                // Listed from the child as already held: the tree's first entry is the child itself.
                var descendants = ProcessTree(child);
                if (child.Signal(0))
                {
                    // The child still runs, so the PID just listed was its own.
                    foreach (var process in descendants)
                    {
                        _ = process.Signal(SigKill);
                    }
                }

                descendants.Skip(1).ToList().ForEach(p => p.Dispose());
            }
        }
        finally
        {
            tree.ForEach(p => p.Dispose());
        }
    }

    /// <summary>Stops Valgrind if it still runs, closes the trace (finishing the gzip copy) and removes the pipe.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            Stop();
        }

        // A Stop from now on does nothing: the process is about to be released.
        Volatile.Write(ref _released, true);

        _trace?.Dispose();
        _process.WaitForExit();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover empty folder in the temporary directory is no reason to fail a recording.
        }
    }

    // Opening a FIFO for reading blocks until a writer opens it. Valgrind opens its log before it
    // runs the program, but if it fails first (no such program) it never does: then this side
    // opens the pipe for writing itself, which releases the reader, which then reads an empty trace.
    private static FileStream OpenFifo(string fifo, Process process)
    {
        var open = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16));
        while (!open.Wait(TimeSpan.FromMilliseconds(50)))
        {
            if (process.HasExited)
            {
                using (new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1))
                {
                }

                break;
            }
        }

        return open.GetAwaiter().GetResult();
    }

    private static async Task Pump(StreamReader from, TextWriter to)
    {
        while (await from.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }

    // The process root (null for none: it has ended) and its descendants, parents first, from
    // Linux's /proc/PID/task/TID/children, each held from the moment it is listed; those that ended
    // meanwhile are left out, and the root alone is listed where /proc is not available. The
    // processes listed are disposed of if the listing fails partway.
    private static List<ListedProcess> ProcessTree(ListedProcess? root)
    {
        var tree = new List<ListedProcess>();
        if (root is not null)
        {
            tree.Add(root);
        }

        try
        {
            for (var i = 0; i < tree.Count; i++)
            {
                try
                {
                    foreach (var task in Directory.EnumerateDirectories($"/proc/{tree[i].Id}/task"))
                    {
                        var children = File.ReadAllText(Path.Combine(task, "children"));
                        foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        {
                            if (ListedProcess.Open(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture)) is { } process)
                            {
                                tree.Add(process);
                            }
                        }
                    }
                }
                catch (IOException)
                {
                    // Ended meanwhile, or no /proc.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
        catch
        {
            tree.ForEach(p => p.Dispose());
            throw;
        }

        return tree;
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(byte[] path, uint mode);
}
