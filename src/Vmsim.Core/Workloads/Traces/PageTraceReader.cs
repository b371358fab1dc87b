using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Reads the <c>pages</c> format, the plain text trace of cache simulators such as
/// libCacheSim's <c>txt</c>: one page number a line, in decimal, each a read of that page
/// by process 0. Blank lines and lines starting with <c>#</c> are skipped; blanks around the
/// number are allowed. The address produced is the page's first byte.
/// </summary>
public sealed class PageTraceReader : TextTraceReader
{
    private readonly int _offsetBits;
    private readonly ulong _maxPage;

    /// <summary>Reads page numbers from <paramref name="stream"/>.</summary>
    /// <param name="stream">The trace text.</param>
    /// <param name="pageSize">Bytes in a page, a power of two: the address of page p is p times this.</param>
    /// <param name="source">The name of the input in errors.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on <see cref="TextTraceReader.Dispose()"/>.</param>
    public PageTraceReader(Stream stream, int pageSize, string source = "trace", bool leaveOpen = false)
        : base(stream, source, leaveOpen)
    {
        _offsetBits = TraceText.OffsetBits(pageSize);
        _maxPage = TraceText.MaxPage(_offsetBits);
    }

    /// <inheritdoc/>
    public override string Format => TraceFormats.Pages;

    /// <inheritdoc/>
    public override bool RecordsPageNumbers => true;

    /// <summary>
    /// True when <paramref name="line"/> is a decimal number, possibly surrounded by blanks (for
    /// format detection: one too large for a page number is still this format's line, and the
    /// reader says it is too large).
    /// </summary>
    internal static bool IsRecord(ReadOnlySpan<byte> line)
    {
        var at = TraceText.SkipBlanks(line, 0);
        var end = TraceText.TokenEnd(line, at);
        return TraceText.IsNumeral(line[at..end], hex: false) && TraceText.IsBlank(line[end..]);
    }

    /// <inheritdoc/>
    // Optimised at once rather than tiered up: a replay calls this a few thousand times in all,
    // so tier-0 code would run for a good part of the trace.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override int Parse(ReadOnlySpan<byte> lines, Span<MemoryAccess> output)
    {
        ref var text = ref MemoryMarshal.GetReference(lines);
        ref var first = ref MemoryMarshal.GetReference(output);
        var offsetBits = _offsetBits;
        var maxPage = _maxPage;
        var at = 0;
        var count = 0;
        var lineCount = 0;
        while (at < lines.Length && count < output.Length)
        {
            // The common line is one to seven digits and its newline: parsed from one 8-byte
            // word with no branch per digit (the LineReader's padding makes the load safe).
            var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref text, at));
            var digits = TraceText.LeadingDigits(word);
            if (digits is > 0 and < 8 && (byte)(word >> (digits * 8)) == (byte)'\n')
            {
                var page = TraceText.DigitsValue(word, digits);
                if (page <= maxPage)
                {
                    Unsafe.Add(ref first, count++) = new MemoryAccess(page << offsetBits, AccessKind.Read, 0, AccessContext.Unknown);
                    at += digits + 1;
                    lineCount++;
                    continue;
                }
            }

            // Longer numbers, blanks, comments, CRLF and errors take the general path.
            var line = LineReader.LineAt(lines, at, out at);
            lineCount++;
            if (ParseLine(line, Lines.LineNumber + lineCount, out var parsed))
            {
                Unsafe.Add(ref first, count++) = new MemoryAccess(parsed << offsetBits, AccessKind.Read, 0, AccessContext.Unknown);
            }
        }

        Lines.Consume(at, lineCount);
        return count;
    }

    /// <summary>Parses one line in full: true for a page number, false for a blank or comment line; throws for anything else.</summary>
    private bool ParseLine(ReadOnlySpan<byte> line, long lineNumber, out ulong page)
    {
        page = 0;
        var at = TraceText.SkipBlanks(line, 0);
        if (at == line.Length || line[at] == (byte)'#')
        {
            return false;
        }

        var end = TraceText.ParseDecimal(line, at, out page);
        if (end >= 0 && TraceText.IsBlank(line[end..]) && page <= _maxPage)
        {
            return true;
        }

        // Each error points at the first character of the token it quotes.
        var tokenEnd = TraceText.TokenEnd(line, at);
        var token = line[at..tokenEnd];
        if (!TraceText.IsNumeral(token, hex: false))
        {
            throw TraceText.Error(Source, lineNumber, at, $"expected a page number in decimal, alone on its line, found {TraceText.Describe(token)}");
        }

        var after = TraceText.SkipBlanks(line, tokenEnd);
        if (after < line.Length)
        {
            throw TraceText.Error(Source, lineNumber, after, $"expected a page number in decimal, alone on its line, found {TraceText.Describe(line[after..])} after it");
        }

        throw TraceText.Error(Source, lineNumber, at,
            $"expected a page number of at most {_maxPage} (its address must fit 64 bits with {1L << _offsetBits}-byte pages), found {TraceText.Describe(token)} (too large)");
    }
}
