using System.Diagnostics;
using System.Globalization;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Benchmarks;

/// <summary>
/// <c>-- read-file PATH FORMAT [REPEATS [hash]]</c>: the trace reader alone, with no simulation. Opens the
/// file as <see cref="FileRuns"/> does (<see cref="TraceFormats.Open(string, string?, int, CsvLayout?)"/>,
/// 4 KiB pages), reads every batch and prints one line per pass: accesses, bytes, the process's
/// CPU seconds (and the kernel's part of them, mostly copying the file) and the wall seconds of the pass, and the rates per CPU-second. The rate per
/// CPU-second is the one to compare on a shared machine, where wall time depends on the neighbours.
/// Several passes show the JIT's tiering: the first pass runs partly unoptimised code.
/// </summary>
internal static class ReadFile
{
    public static void Run(string[] args)
    {
        if (args.Length < 2)
        {
            throw new ArgumentException("usage: read-file PATH FORMAT [REPEATS [hash]]");
        }

        var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var hashAll = args.Length > 3 && args[3] == "hash";
        var bytes = new FileInfo(args[0]).Length;
        var buffer = new MemoryAccess[4096];
        using var process = Process.GetCurrentProcess();
        for (var pass = 1; pass <= repeats; pass++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var sysBefore = process.PrivilegedProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            long accesses = 0;
            ulong checksum = 0;
            using (var reader = TraceFormats.Open(args[0], args[1], 4096))
            {
                for (int n; (n = reader.Read(buffer)) > 0;)
                {
                    accesses += n;

                    // Touch the batch so that nothing is optimised away: one add per batch, or
                    // (with "hash", to compare two versions of a reader) a hash of every access.
                    checksum += buffer[n - 1].Address;
                    if (hashAll)
                    {
                        foreach (var access in buffer.AsSpan(0, n))
                        {
                            checksum = ((checksum << 5) | (checksum >> 59)) ^ (ulong)access.GetHashCode();
                        }
                    }
                }
            }

            stopwatch.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            var sys = (process.PrivilegedProcessorTime - sysBefore).TotalSeconds;
            var wall = stopwatch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pass={pass} accesses={accesses} bytes={bytes} cpu_s={cpu:F3} sys_s={sys:F3} wall_s={wall:F3} cpu_macc_s={accesses / cpu / 1e6:F1} cpu_mb_s={bytes / cpu / 1e6:F0} wall_macc_s={accesses / wall / 1e6:F1} wall_mb_s={bytes / wall / 1e6:F0} checksum={checksum:x}"));
        }
    }
}
