namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// The UTF-8 byte order mark (<c>EF BB BF</c>), which Windows editors and spreadsheets write
/// before text. It is no part of a text trace's first line: the text readers skip it, and
/// detection looks past it. Never for oracle-general, whose first three bytes are the first
/// record's, whatever they are.
/// </summary>
internal static class ByteOrderMark
{
    /// <summary>The mark's bytes.</summary>
    public static ReadOnlySpan<byte> Utf8 => [0xef, 0xbb, 0xbf];

    /// <summary>What errors call an input that holds the mark and nothing else.</summary>
    public const string Alone = "a UTF-8 byte order mark alone";

    /// <summary>The bytes of <paramref name="text"/> after a mark at its start; all of them when it has none.</summary>
    public static ReadOnlySpan<byte> After(ReadOnlySpan<byte> text) => text.StartsWith(Utf8) ? text[Utf8.Length..] : text;

    /// <summary>
    /// Reads past a UTF-8 byte order mark at the start of <paramref name="stream"/> and returns
    /// its length; or, when the stream does not start with one, returns 0 and leaves the stream
    /// to be read from its start: sought back when it can seek, otherwise replaced by one that
    /// replays the bytes read (no more than the first that differs from the mark). One mark
    /// only: a second is content.
    /// </summary>
    public static int Skip(ref Stream stream)
    {
        if (Read(stream, out var start, out var head, out var length))
        {
            return length;
        }

        ReplayStream.Rewind(ref stream, start, head, length);
        return 0;
    }

    /// <summary>
    /// True when <paramref name="stream"/> starts with a UTF-8 byte order mark; either way the
    /// stream is left to be read from its start, as <see cref="Skip"/> leaves one without a mark.
    /// </summary>
    public static bool Starts(ref Stream stream)
    {
        var found = Read(stream, out var start, out var head, out var length);
        ReplayStream.Rewind(ref stream, start, head, length);
        return found;
    }

    // Reads the stream's first bytes, as long as they are the mark's, and tells whether they were all of it.
    private static bool Read(Stream stream, out long start, out byte[] head, out int length)
    {
        start = stream.CanSeek ? stream.Position : 0;
        head = new byte[Utf8.Length];
        length = 0;
        while (length < head.Length && Utf8.StartsWith(head.AsSpan(0, length)))
        {
            var read = stream.Read(head, length, head.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return head.AsSpan(0, length).SequenceEqual(Utf8);
    }
}
