using System.Runtime.InteropServices;

namespace Vmsim.Benchmarks;

/// <summary>
/// CPU time of the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>): a
/// replay runs on one thread, so this is its own time, without the JIT's background
/// compilations or what other programs on a shared machine take from the wall clock.
/// </summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Seconds of CPU the calling thread has used.</summary>
    public static double Seconds()
    {
        return ClockGetTime(ClockThreadCpuTimeId, out var time) == 0
            ? time.Seconds + (time.Nanoseconds / 1e9)
            : throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
