using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vmsim.Cli.Recording;

/// <summary>
/// A process as it was when listed, to be signalled later: through a pidfd where Linux has them
/// (5.3 and later), which names that process and no other, so a PID freed and taken by another
/// process since the listing is never signalled; or else by its PID once its start time (field 22
/// of <c>/proc/PID/stat</c>) is found unchanged, which leaves a small race: the process may end
/// and its PID be taken between that check and the signal. vmsim's own child (Valgrind) is also
/// held by its <see cref="Process"/>, and signalled only while .NET has not seen it end.
/// </summary>
internal sealed class ListedProcess : IDisposable
{
    private const int NoSuchProcess = 3; // ESRCH

    private readonly SafeFileHandle? _pidfd;
    private readonly string? _startTime;
    private readonly Process? _child;

    private ListedProcess(int id, SafeFileHandle? pidfd, string? startTime, Process? child = null)
    {
        Id = id;
        _pidfd = pidfd;
        _startTime = startTime;
        _child = child;
    }

    /// <summary>The process's PID.</summary>
    public int Id { get; }

    /// <summary>True when the process is held by a pidfd, false when by its PID and start time.</summary>
    public bool ByPidfd => _pidfd is not null;

    /// <summary>The process now running as <paramref name="pid"/>, or null when none is.</summary>
    public static ListedProcess? Open(int pid)
    {
        try
        {
            var fd = PidfdOpen(pid, 0);
            if (fd >= 0)
            {
                return new ListedProcess(pid, new SafeFileHandle(fd, ownsHandle: true), null);
            }

            if (Marshal.GetLastPInvokeError() == NoSuchProcess)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            // A C library older than pidfd_open's wrapper (glibc 2.36): go by the start time.
        }

        return ByStartTime(pid);
    }

    /// <summary>
    /// vmsim's own child <paramref name="child"/>, or null once it has ended: through a pidfd, or
    /// else by its PID, and its start time where <c>/proc</c> gives it, while <paramref name="child"/>
    /// has not exited (until .NET reaps it, its PID cannot be another's).
    /// </summary>
    public static ListedProcess? OfChild(Process child)
    {
        ArgumentNullException.ThrowIfNull(child);
        if (child.HasExited)
        {
            return null;
        }

        // Without a pidfd, Open went by the start time, which it read already.
        var listed = Open(child.Id);
        return listed is { ByPidfd: true } ? listed : new ListedProcess(child.Id, null, listed?._startTime, child);
    }

    /// <summary>vmsim's own child <paramref name="child"/>, held by its <see cref="Process"/> alone (what <see cref="OfChild"/> falls back to with neither a pidfd nor <c>/proc</c>).</summary>
    internal static ListedProcess ByChild(Process child)
    {
        ArgumentNullException.ThrowIfNull(child);
        return new ListedProcess(child.Id, null, null, child);
    }

    /// <summary>The process now running as <paramref name="pid"/>, named by its PID and start time (what <see cref="Open"/> falls back to), or null when none is.</summary>
    internal static ListedProcess? ByStartTime(int pid) => ByStartTime(pid, StartTime(pid));

    /// <summary>The process <paramref name="pid"/> that started at <paramref name="startTime"/> (in clock ticks after boot), or null for none.</summary>
    internal static ListedProcess? ByStartTime(int pid, string? startTime) =>
        startTime is null ? null : new ListedProcess(pid, null, startTime);

    /// <summary>Field 22 of <c>/proc/PID/stat</c>: when the process started, in clock ticks after boot; null when there is no such process.</summary>
    internal static string? StartTime(int pid)
    {
        try
        {
            // Fields 3 onwards follow the command's name in parentheses, which may hold spaces and ')'.
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Sends <paramref name="signal"/> to the process; false when it has ended (its PID free, or another process's).</summary>
    public bool Signal(int signal) => _pidfd is not null
        ? PidfdSendSignal(_pidfd, signal, IntPtr.Zero, 0) == 0
        : (_child is null || !_child.HasExited) && (_startTime is null || StartTime(Id) == _startTime) && Kill(Id, signal) == 0;

    /// <summary>Closes the pidfd, if any.</summary>
    public void Dispose() => _pidfd?.Dispose();

    [DllImport("libc", EntryPoint = "pidfd_open", SetLastError = true)]
    private static extern int PidfdOpen(int pid, uint flags);

    [DllImport("libc", EntryPoint = "pidfd_send_signal", SetLastError = true)]
    private static extern int PidfdSendSignal(SafeFileHandle pidfd, int signal, IntPtr info, uint flags);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
