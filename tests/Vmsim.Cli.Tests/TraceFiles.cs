using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Vmsim.Cli.Tests;

/// <summary>Small generated traces in a temporary folder, deleted on dispose.</summary>
internal sealed class TraceFiles : IDisposable
{
    public TraceFiles()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("vmsim-cli-tests-").FullName;
    }

    public string Directory { get; }

    /// <summary>The Silberschatz reference string as page numbers.</summary>
    public static ulong[] Silberschatz { get; } = [.. Cli.Silberschatz.Split(' ').Select(ulong.Parse)];

    /// <summary>A trace with locality: a drifting window plus noise, over about <paramref name="distinct"/> pages.</summary>
    public static ulong[] Pages(int count, int distinct, int seed = 1)
    {
        var random = new Random(seed);
        var pages = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            pages[i] = random.Next(4) == 0 ? (ulong)random.Next(distinct) : (ulong)(((i / 30) + random.Next(6)) % distinct);
        }

        return pages;
    }

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    public string Write(string name, string text)
    {
        var path = Path(name);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The pages format: one decimal page number a line.</summary>
    public string WritePages(string name, IEnumerable<ulong> pages) =>
        Write(name, string.Concat(pages.Select(p => p.ToString(CultureInfo.InvariantCulture) + "\n")));

    /// <summary>The bytes of the gzip file at <paramref name="path"/>, decompressed.</summary>
    public static byte[] ReadGzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>The same text, gzip-compressed.</summary>
    public string WriteGzip(string name, string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return WriteBytes(name, buffer.ToArray());
    }

    /// <summary>libCacheSim oracleGeneral records, with 1-based next-access numbers (-1 for never).</summary>
    public string WriteOracleGeneral(string name, IReadOnlyList<ulong> pages)
    {
        var bytes = new byte[pages.Count * 24];
        for (var i = 0; i < pages.Count; i++)
        {
            var next = -1L;
            for (var j = i + 1; j < pages.Count; j++)
            {
                if (pages[j] == pages[i])
                {
                    next = j + 1;
                    break;
                }
            }

            var record = bytes.AsSpan(i * 24, 24);
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)i);
            BinaryPrimitives.WriteUInt64LittleEndian(record[4..], pages[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], 4096);
            BinaryPrimitives.WriteInt64LittleEndian(record[16..], next);
        }

        return WriteBytes(name, bytes);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
