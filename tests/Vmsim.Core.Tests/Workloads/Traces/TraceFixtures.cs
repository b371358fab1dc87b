using System.IO.Compression;
using System.Text;
using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Tests.Workloads.Traces;

/// <summary>Temporary trace files for one test, deleted with it, and ways to read a whole trace.</summary>
internal sealed class TraceFixtures : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("vmsim-traces-").FullName;

    public string Directory => _directory;

    public string Text(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public string Bytes(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Gzip(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(content);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);

    /// <summary>Every access of <paramref name="reader"/>, read in batches of <paramref name="batch"/>.</summary>
    public static List<MemoryAccess> ReadAll(ITraceReader reader, int batch = 1000)
    {
        var result = new List<MemoryAccess>();
        var buffer = new MemoryAccess[batch];
        for (int n; (n = reader.Read(buffer)) > 0;)
        {
            result.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        return result;
    }

    public static List<MemoryAccess> ReadAll(string format, string text, int pageSize = 4096, int batch = 1000, CsvColumns? columns = null, CsvLayout? csv = null)
    {
        csv ??= columns is null ? null : new CsvLayout { Columns = columns };
        using var reader = TraceFormats.Create(format, new MemoryStream(Encoding.ASCII.GetBytes(text)), pageSize, csv, "test.trace");
        return ReadAll(reader, batch);
    }

    /// <summary>oracleGeneral records: (object id, next access as the file holds it: 1-based, or -1).</summary>
    public static byte[] OracleRecords(params (ulong Id, long Next)[] records)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            var time = 1000u;
            foreach (var (id, next) in records)
            {
                writer.Write(time++);
                writer.Write(id);
                writer.Write(4096u);
                writer.Write(next);
            }
        }

        return stream.ToArray();
    }

    /// <summary>The oracleGeneral encoding of a page sequence, with next-access times as libCacheSim's traceConv writes them.</summary>
    public static byte[] OracleTrace(IReadOnlyList<ulong> pages)
    {
        var next = Vmsim.Core.Workloads.NextUse.Compute(pages);
        var records = new (ulong, long)[pages.Count];
        for (var i = 0; i < pages.Count; i++)
        {
            records[i] = (pages[i], next[i] == Vmsim.Core.Replacement.AccessContext.Never ? -1 : next[i] + 1);
        }

        return OracleRecords(records);
    }
}

/// <summary>A stream that cannot seek and hands out a few bytes a read, as a pipe does.</summary>
internal sealed class PipeStream(byte[] content, int chunk = 7) : ReadOnlyStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(Math.Min(buffer.Length, chunk), content.Length - _position);
        content.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
