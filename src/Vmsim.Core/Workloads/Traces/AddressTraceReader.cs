using System.Runtime.CompilerServices;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Reads the <c>addr</c> format: one byte address a line, in decimal or in hexadecimal after
/// <c>0x</c>, optionally followed by blanks and <c>R</c>, <c>W</c> or <c>X</c> (any case) for
/// a read, write or execute; a read when absent. Blank lines and <c>#</c> comments (whole
/// lines or after the record) are skipped. <see cref="MemoryAccess.Pid"/> is 0.
/// </summary>
public sealed class AddressTraceReader : TextTraceReader
{
    private static readonly System.Buffers.SearchValues<byte> HexLetters = System.Buffers.SearchValues.Create("abcdefABCDEF"u8);

    /// <summary>Reads addresses from <paramref name="stream"/>.</summary>
    /// <param name="stream">The trace text.</param>
    /// <param name="source">The name of the input in errors.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on <see cref="TextTraceReader.Dispose()"/>.</param>
    public AddressTraceReader(Stream stream, string source = "trace", bool leaveOpen = false)
        : base(stream, source, leaveOpen)
    {
    }

    /// <inheritdoc/>
    public override string Format => TraceFormats.Address;

    /// <inheritdoc/>
    // Optimised at once rather than tiered up: a replay calls this a few thousand times in all.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override int Parse(ReadOnlySpan<byte> lines, Span<MemoryAccess> output)
    {
        var at = 0;
        var count = 0;
        var lineCount = 0;
        while (at < lines.Length && count < output.Length)
        {
            var line = LineReader.LineAt(lines, at, out at);
            lineCount++;
            var status = TryParse(line, out var address, out var kind, out var column);
            if (status > 0)
            {
                output[count++] = new MemoryAccess(address, kind, 0, AccessContext.Unknown);
            }
            else if (status < 0)
            {
                throw TraceText.Error(Source, Lines.LineNumber + lineCount, column, Problem(line, column));
            }
        }

        Lines.Consume(at, lineCount);
        return count;
    }

    /// <summary>
    /// Parses one line: 1 for a record, 0 for a blank or comment line, -1 for an error at
    /// the 0-based <paramref name="column"/>.
    /// </summary>
    internal static int TryParse(ReadOnlySpan<byte> line, out ulong address, out AccessKind kind, out int column)
    {
        address = 0;
        kind = AccessKind.Read;
        var at = TraceText.SkipBlanks(line, 0);
        column = at;
        if (at == line.Length || line[at] == (byte)'#')
        {
            return 0;
        }

        var end = TraceText.ParseNumber(line, at, out address);
        if (end < 0 || (end < line.Length && !TraceText.IsBlank(line[end])))
        {
            return -1;
        }

        at = TraceText.SkipBlanks(line, end);
        if (at == line.Length || line[at] == (byte)'#')
        {
            return 1;
        }

        column = at;
        switch (line[at] | 0x20)
        {
            case 'r':
                kind = AccessKind.Read;
                break;
            case 'w':
                kind = AccessKind.Write;
                break;
            case 'x':
                kind = AccessKind.Execute;
                break;
            default:
                return -1;
        }

        at++;
        if (at < line.Length && !TraceText.IsBlank(line[at]))
        {
            return -1;
        }

        at = TraceText.SkipBlanks(line, at);
        if (at == line.Length || line[at] == (byte)'#')
        {
            return 1;
        }

        column = at;
        return -1;
    }

    /// <summary>
    /// True when the error <see cref="TryParse"/> found at <paramref name="column"/> is an address
    /// written as a number but larger than 2^64 - 1 (for format detection: the line is still this
    /// format's, and the reader says it is too large).
    /// </summary>
    internal static bool IsTooLarge(ReadOnlySpan<byte> line, int column) =>
        column == TraceText.SkipBlanks(line, 0) && TraceText.IsNumeral(line[column..TraceText.TokenEnd(line, column)], hex: true);

    private static string Problem(ReadOnlySpan<byte> line, int column)
    {
        var found = TraceText.DescribeToken(line, column);
        var first = TraceText.SkipBlanks(line, 0);
        if (IsTooLarge(line, column))
        {
            return $"expected an address of at most {ulong.MaxValue} (0x{ulong.MaxValue:x}), found {found} (too large)";
        }

        if (column == first)
        {
            var token = line[first..TraceText.TokenEnd(line, first)];
            var hint = token.ContainsAny(HexLetters) && !token.StartsWith("0x"u8) && !token.StartsWith("0X"u8)
                ? " (a hexadecimal address needs 0x)"
                : string.Empty;
            return $"expected an address in decimal or in hexadecimal after 0x, found {found}{hint}";
        }

        return $"expected R, W or X (or a # comment) after the address, found {found}";
    }
}
