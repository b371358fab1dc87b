using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Vmsim.Benchmarks;

/// <summary>Writes synthetic traces in the formats vmsim reads, for the replay benchmarks.</summary>
internal static class TraceFiles
{
    /// <summary>libCacheSim's oracleGeneral: 24-byte records with the next access time (1-based request index, -1 for never).</summary>
    public static void WriteOracleGeneral(string path, ulong[] pages)
    {
        var next = new long[pages.Length];
        var seen = new Dictionary<ulong, long>();
        for (var i = pages.Length - 1; i >= 0; i--)
        {
            next[i] = seen.TryGetValue(pages[i], out var later) ? later + 1 : -1;
            seen[pages[i]] = i;
        }

        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        Span<byte> record = stackalloc byte[24];
        for (var i = 0; i < pages.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)i);
            BinaryPrimitives.WriteUInt64LittleEndian(record[4..], pages[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], 4096);
            BinaryPrimitives.WriteInt64LittleEndian(record[16..], next[i]);
            stream.Write(record);
        }
    }

    /// <summary>One page number per line.</summary>
    public static void WritePages(string path, ulong[] pages)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        foreach (var page in pages)
        {
            writer.Write(page.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    /// <summary>Valgrind lackey output: an instruction fetch, then a load or store, per access.</summary>
    public static void WriteLackey(string path, ulong[] pages, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("==1234== Lackey, an example Valgrind tool\n");
        foreach (var page in pages)
        {
            var address = (page << 12) + (ulong)random.Next(4000);
            writer.Write(random.Next(3) switch
            {
                0 => $"I  {0x400000 + (address & 0xffff):x8},{random.Next(1, 8)}\n",
                1 => $" L {address:x10},8\n",
                _ => $" S {address:x10},4\n",
            });
        }
    }
}
