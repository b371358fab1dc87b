using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Benchmarks;

/// <summary>
/// <c>-- make-traces DIR [accesses] [--big]</c>: writes the benchmark traces that bench/run.sh replays.
/// Synthetic page sequences (uniform, zipf, loop) in three formats each (libCacheSim's binary
/// oracleGeneral, one page number a line, and Valgrind lackey text), the text that the real
/// program of bench/make-traces.sh compresses, and with <c>--big</c> a 100 M-access oracleGeneral
/// trace over a million pages for the memory measurements. <c>-- to-oracle IN FORMAT OUT</c>
/// converts a trace vmsim reads (the real lackey trace) into oracleGeneral pages. Files that
/// exist are kept. Every sequence is seeded: the same command writes the same bytes.
/// </summary>
internal static class BenchTraces
{
    /// <summary>The synthetic workloads: name, page sequence maker (count, seed), and the frames bench/run.sh gives them.</summary>
    public static readonly (string Name, Func<int, ulong[]> Make, int Frames)[] Synthetic =
    [
        ("uniform16k", n => SyntheticPages.Uniform(n, 1 << 14, 2), 8192),
        ("zipf1m", n => SyntheticPages.Zipf(n, 1 << 20, 0.9, 3), 65536),
        ("loop5000", n => SyntheticPages.Loop(n, 5000), 4096),
    ];

    public static void Make(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("usage: make-traces DIR [accesses] [--big]");
        }

        var dir = args[0];
        var count = args.Length > 1 && args[1] != "--big" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000_000;
        var big = args.Contains("--big");
        Directory.CreateDirectory(dir);
        foreach (var (name, make, _) in Synthetic)
        {
            var pages = new Lazy<ulong[]>(() => make(count));
            WriteIfMissing(Path.Combine(dir, $"{name}.oracleGeneral.bin"), p => WriteOracleGeneral(p, pages.Value));
            WriteIfMissing(Path.Combine(dir, $"{name}.pages.txt"), p => WritePages(p, pages.Value));
            WriteIfMissing(Path.Combine(dir, $"{name}.lackey"), p => WriteLackey(p, pages.Value));
        }

        WriteIfMissing(Path.Combine(dir, "gzip-input.txt"), WriteGzipInput);
        if (big)
        {
            // 100 M accesses, zipf 0.8 over 2^20 pages (about a million distinct pages touched).
            WriteIfMissing(Path.Combine(dir, "big-zipf1m-100m.oracleGeneral.bin"), p => WriteOracleGeneral(p, SyntheticPages.Zipf(100_000_000, 1 << 20, 0.8, 11)));
        }
    }

    /// <summary><c>to-oracle IN FORMAT OUT</c>: the pages (4 KiB) of a trace as oracleGeneral records.</summary>
    public static void ToOracle(string[] args)
    {
        if (args.Length < 3)
        {
            throw new ArgumentException("usage: to-oracle IN FORMAT OUT [PAGES-OUT]");
        }

        var pages = new List<ulong>();
        using (var reader = TraceFormats.Open(args[0], args[1], 4096))
        {
            var buffer = new MemoryAccess[4096];
            for (int n; (n = reader.Read(buffer)) > 0;)
            {
                foreach (var access in buffer.AsSpan(0, n))
                {
                    pages.Add(access.Address >> 12);
                }
            }
        }

        WriteIfMissing(args[2], p => WriteOracleGeneral(p, [.. pages]));
        if (args.Length > 3)
        {
            // The same pages as text, one page number a line.
            WriteIfMissing(args[3], p => WritePages(p, [.. pages]));
        }
    }

    private static void WriteIfMissing(string path, Action<string> write)
    {
        if (File.Exists(path))
        {
            Console.WriteLine($"kept    {path}");
            return;
        }

        // Written under a temporary name, so that an interrupted run leaves no half trace behind.
        var partial = path + ".partial";
        write(partial);
        File.Move(partial, path, overwrite: true);
        Console.WriteLine($"wrote   {path} ({new FileInfo(path).Length / 1e6:F0} MB)");
    }

    /// <summary>
    /// oracleGeneral: 24-byte records, uint32 time, uint64 page, uint32 size, int64 next access
    /// (libCacheSim's 1-based request number, -1 for never). Written back to front in chunks, so
    /// that the next accesses come from one backward pass.
    /// </summary>
    private static void WriteOracleGeneral(string path, ulong[] pages)
    {
        const int chunk = 1 << 16;
        var nextOf = new Dictionary<ulong, long>();
        var records = new byte[chunk * 24];
        using var file = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        for (var end = pages.Length; end > 0;)
        {
            var start = Math.Max(0, end - chunk);
            for (var i = end - 1; i >= start; i--)
            {
                var record = records.AsSpan((i - start) * 24, 24);
                BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)i);
                BinaryPrimitives.WriteUInt64LittleEndian(record[4..], pages[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(record[12..], 4096);
                BinaryPrimitives.WriteInt64LittleEndian(record[16..], nextOf.TryGetValue(pages[i], out var later) ? later + 1 : -1);
                nextOf[pages[i]] = i;
            }

            RandomAccess.Write(file, records.AsSpan(0, (end - start) * 24), (long)start * 24);
            end = start;
        }
    }

    private static void WritePages(string path, ulong[] pages)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var buffer = new byte[1 << 16];
        var used = 0;
        foreach (var page in pages)
        {
            if (used > buffer.Length - 32)
            {
                stream.Write(buffer, 0, used);
                used = 0;
            }

            Utf8Formatter.TryFormat(page, buffer.AsSpan(used), out var written);
            used += written;
            buffer[used++] = (byte)'\n';
        }

        stream.Write(buffer, 0, used);
    }

    /// <summary>
    /// Lackey text: per access, a load (" L addr,8"), store (" S addr,4") or instruction fetch
    /// ("I  addr,4") within the page, at an offset that never crosses the page's end.
    /// </summary>
    private static void WriteLackey(string path, ulong[] pages)
    {
        var random = new Random(1);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var buffer = new byte[1 << 16];
        var used = 0;
        var header = "==1234== Lackey, an example Valgrind tool\n"u8;
        header.CopyTo(buffer);
        used += header.Length;
        var hex = new StandardFormat('x', 8);
        foreach (var page in pages)
        {
            if (used > buffer.Length - 64)
            {
                stream.Write(buffer, 0, used);
                used = 0;
            }

            var kind = random.Next(3);
            var address = (page << 12) + (ulong)(random.Next(500) * 8);
            (kind switch { 0 => "I  "u8, 1 => " L "u8, _ => " S "u8 }).CopyTo(buffer.AsSpan(used));
            used += 3;
            Utf8Formatter.TryFormat(address, buffer.AsSpan(used), out var written, hex);
            used += written;
            (kind == 1 ? ",8\n"u8 : ",4\n"u8).CopyTo(buffer.AsSpan(used));
            used += 3;
        }

        stream.Write(buffer, 0, used);
    }

    /// <summary>About 100 KB of text with repeated words and numbers, for the real program (gzip) to compress.</summary>
    private static void WriteGzipInput(string path)
    {
        string[] words = ["page", "frame", "swap", "fault", "tlb", "walk", "evict", "dirty", "clock", "lru"];
        var random = new Random(1);
        using var writer = new StreamWriter(path);
        for (var line = 0; line < 2000; line++)
        {
            for (var w = 0; w < 8; w++)
            {
                writer.Write(words[random.Next(words.Length)]);
                writer.Write(' ');
            }

            writer.Write(random.Next(1_000_000_000).ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }
}
