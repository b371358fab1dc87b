using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Reads the output of Valgrind's lackey tool run with <c>--trace-mem=yes</c>: one record a
/// line, <c>I  04011db0,3</c> (an instruction fetch), <c> L 1ffefffd48,8</c> (a load),
/// <c> S ...</c> (a store) or <c> M ...</c> (a modify: a load then a store), with the address
/// in hexadecimal without <c>0x</c> and the size in bytes in decimal. Valgrind's own lines
/// (<c>==1234== ...</c>, and <c>--1234-- ...</c> from <c>-v</c>) and blank lines are skipped;
/// any other line is an error naming its line and column. Lackey does not say which process
/// made an access, so <see cref="MemoryAccess.Pid"/> is 0.
/// </summary>
/// <remarks>
/// An access whose bytes span a page boundary (an 8-byte load at offset 4092 of a 4 KiB page)
/// touches every page it covers, as the hardware would: the reader emits one access per page,
/// the first at the record's address and the others at the first byte of their page. A modify
/// that spans pages emits the loads of all its pages, then the stores.
/// </remarks>
public sealed class LackeyTraceReader : TextTraceReader
{
    /// <summary>The largest access size accepted, in bytes (xsave areas are a few KiB).</summary>
    public const int MaxAccessSize = 1 << 16;

    // Ops[c] for the second byte c of a record: the access kind, whether it is a modify, and
    // which first byte it goes with; 0 for no record.
    private const int KindMask = 3;
    private const int ModifyShift = 2;
    private const int Modify = 1 << ModifyShift;
    private const int AfterBlank = 1 << 3;
    private const int AfterI = 1 << 4;
    private static readonly byte[] Ops = BuildOps();

    private readonly int _offsetBits;
    private MemoryAccess[] _spill = new MemoryAccess[8];
    private int _spillStart;
    private int _spillEnd;

    /// <summary>Reads lackey records from <paramref name="stream"/>.</summary>
    /// <param name="stream">The trace text.</param>
    /// <param name="pageSize">Bytes in a page, a power of two: accesses spanning a boundary are split.</param>
    /// <param name="source">The name of the input in errors.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on <see cref="TextTraceReader.Dispose()"/>.</param>
    public LackeyTraceReader(Stream stream, int pageSize, string source = "trace", bool leaveOpen = false)
        : base(stream, source, leaveOpen)
    {
        _offsetBits = TraceText.OffsetBits(pageSize);
    }

    /// <inheritdoc/>
    public override string Format => TraceFormats.Lackey;

    /// <inheritdoc/>
    private protected override int ReadPending(Span<MemoryAccess> buffer) => _spillStart < _spillEnd ? DrainSpill(buffer) : 0;

    /// <inheritdoc/>
    // Optimised at once rather than tiered up: a replay calls this a few thousand times in all,
    // so tier-0 code would run for a good part of the trace.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override int Parse(ReadOnlySpan<byte> lines, Span<MemoryAccess> output)
    {
        ref var text = ref MemoryMarshal.GetReference(lines);
        ref var first = ref MemoryMarshal.GetReference(output);
        ref var hex = ref MemoryMarshal.GetReference(TraceText.HexValueTable);
        ref var ops = ref MemoryMarshal.GetArrayDataReference(Ops);
        var offsetBits = _offsetBits;
        var at = 0;
        var count = 0;
        var lineCount = 0;

        while (at < lines.Length && count < output.Length)
        {
            // The common record is exactly 'I  ADDR,SIZE' or ' K ADDR,SIZE' (K one of L, S, M)
            // with its newline; the newline stops every scan below, so none tests for the
            // end of the block. Anything else (Valgrind lines, tabs, trailing blanks, CRLF,
            // errors, page-crossing accesses) takes the general path, which handles every line.
            // One table load tells the kind from the second byte, checked against the first
            // ('I' before a blank, a blank before L, S or M), with no branch on the kind. The
            // padding after the block makes the bytes after a final empty line readable.
            var c0 = Unsafe.Add(ref text, at);
            var op = Unsafe.Add(ref ops, Unsafe.Add(ref text, at + 1));
            var after = c0 == (byte)'I' ? AfterI : c0 == (byte)' ' ? AfterBlank : 0;

            // Room for a modify's two accesses; with less, the spill array takes the rest.
            if ((op & after) == 0 || Unsafe.Add(ref text, at + 2) != (byte)' ' || output.Length - count < 2)
            {
                goto General;
            }

            var kind = (AccessKind)(op & KindMask);
            var modify = (op & Modify) != 0;
            var i = at + 3;
            while (Unsafe.Add(ref text, i) == (byte)' ')
            {
                i++;
            }

            // Valgrind writes at least eight digits: eight and the comma are parsed with eight
            // independent loads, longer addresses by the loop.
            ulong address;
            uint digit;
            if (Unsafe.Add(ref text, i + 8) == (byte)',' && TraceText.TryParseHex8(ref Unsafe.Add(ref text, i), out address))
            {
                i += 8;
            }
            else
            {
                var digitsStart = i;
                address = 0;
                while ((digit = Unsafe.Add(ref hex, Unsafe.Add(ref text, i))) != 0xFF)
                {
                    address = (address << 4) | digit;
                    i++;
                }

                if (Unsafe.Add(ref text, i) != (byte)',' || (uint)(i - digitsStart - 1) >= 16)
                {
                    goto General;
                }
            }

            var sizeStart = ++i;
            ulong size = 0;
            while ((digit = (uint)(Unsafe.Add(ref text, i) - '0')) <= 9)
            {
                size = (size * 10) + digit;
                i++;
            }

            // At most 5 digits keeps the size from overflowing; the last byte of the access
            // must not wrap, and the access must lie in one page.
            var last = address + (size - 1);
            if (Unsafe.Add(ref text, i) != (byte)'\n' || (uint)(i - sizeStart - 1) >= 5 || size - 1 >= MaxAccessSize ||
                last < address || ((address ^ last) >> offsetBits) != 0)
            {
                goto General;
            }

            // A modify's store is always written and kept only for a modify: no branch.
            Unsafe.Add(ref first, count) = new MemoryAccess(address, kind, 0, AccessContext.Unknown);
            Unsafe.Add(ref first, count + 1) = new MemoryAccess(address, AccessKind.Write, 0, AccessContext.Unknown);
            count += 1 + ((op >> ModifyShift) & 1);

            at = i + 1;
            lineCount++;
            continue;

        General:
            var line = LineReader.LineAt(lines, at, out at);
            lineCount++;
            if (ParseLine(line, Lines.LineNumber + lineCount, out address, out last, out kind, out modify))
            {
                Spill(address, last, kind, modify);
                count += DrainSpill(output[count..]);
            }
        }

        Lines.Consume(at, lineCount);
        return count;
    }

    /// <summary>
    /// Parses one line in full: true for a record, with its first and last byte, false for a
    /// blank or Valgrind line; throws for anything else.
    /// </summary>
    private bool ParseLine(ReadOnlySpan<byte> line, long lineNumber, out ulong address, out ulong last, out AccessKind kind, out bool modify)
    {
        address = 0;
        last = 0;
        kind = AccessKind.Read;
        modify = false;

        // Dispatch on the first two bytes: 'I ' for a fetch, ' L', ' S', ' M' for data.
        if (line.Length < 4)
        {
            if (TraceText.IsBlank(line))
            {
                return false;
            }

            throw NotARecord(line, lineNumber);
        }

        var c0 = line[0];
        int at;
        if (c0 == (byte)'I' && TraceText.IsBlank(line[1]))
        {
            kind = AccessKind.Execute;
            at = 2;
        }
        else if (c0 == (byte)' ' && TraceText.IsBlank(line[2]))
        {
            switch (line[1])
            {
                case (byte)'L':
                    kind = AccessKind.Read;
                    break;
                case (byte)'S':
                    kind = AccessKind.Write;
                    break;
                case (byte)'M':
                    kind = AccessKind.Read;
                    modify = true;
                    break;
                default:
                    throw NotARecord(line, lineNumber);
            }

            at = 3;
        }
        else if (IsValgrindLine(line))
        {
            return false;
        }
        else
        {
            throw NotARecord(line, lineNumber);
        }

        at = TraceText.SkipBlanks(line, at);
        var comma = TraceText.ParseHex(line, at, out address);
        if (comma < 0 && at < line.Length && TraceText.HexValue(line[at]) != 0xFF)
        {
            // ParseHex fails on digits only when they exceed 64 bits.
            throw TraceText.Error(Source, lineNumber, at,
                $"expected a hexadecimal address of at most {ulong.MaxValue:x}, found {TraceText.Describe(line[at..TraceText.HexDigitsEnd(line, at)])} (too large)");
        }

        if (comma < 0 || comma >= line.Length || line[comma] != (byte)',')
        {
            throw Bad(line, lineNumber, at, "expected a hexadecimal address followed by ',' and a size");
        }

        // A size that runs on into other characters ('8.5', '8x') is a bad size, reported where it starts.
        var end = TraceText.ParseDecimal(line, comma + 1, out var size);
        if (end < 0 || size == 0 || size > MaxAccessSize || (end < line.Length && !TraceText.IsBlank(line[end])))
        {
            throw Bad(line, lineNumber, comma + 1, $"expected a size in bytes from 1 to {MaxAccessSize}");
        }

        var rest = TraceText.SkipBlanks(line, end);
        if (rest < line.Length)
        {
            throw TraceText.Error(Source, lineNumber, rest, $"expected the end of the record after the size, found {TraceText.Describe(line[rest..])}");
        }

        last = address + (size - 1);
        if (last < address)
        {
            throw Bad(line, lineNumber, at, "expected an access that ends below 2^64");
        }

        return true;
    }

    private static byte[] BuildOps()
    {
        var ops = new byte[256];
        ops[' '] = AfterI | (byte)AccessKind.Execute;
        ops['L'] = AfterBlank | (byte)AccessKind.Read;
        ops['S'] = AfterBlank | (byte)AccessKind.Write;
        ops['M'] = AfterBlank | Modify | (byte)AccessKind.Read;
        return ops;
    }

    /// <summary>True for a line that Valgrind itself printed: <c>==PID==</c> or <c>--PID--</c> at the start.</summary>
    internal static bool IsValgrindLine(ReadOnlySpan<byte> line) =>
        line.Length >= 2 && ((line[0] == (byte)'=' && line[1] == (byte)'=') ||
                             (line[0] == (byte)'-' && line[1] == (byte)'-' && line.Length > 2 && (uint)(line[2] - '0') <= 9));

    /// <summary>
    /// True when <paramref name="line"/> is a well-formed lackey record (for format detection),
    /// its address a run of hexadecimal digits of any length (one past 64 bits is the reader's
    /// error to report).
    /// </summary>
    internal static bool IsRecord(ReadOnlySpan<byte> line)
    {
        if (line.Length < 4)
        {
            return false;
        }

        int at;
        if (line[0] == (byte)'I' && TraceText.IsBlank(line[1]))
        {
            at = 2;
        }
        else if (line[0] == (byte)' ' && line[1] is (byte)'L' or (byte)'S' or (byte)'M' && TraceText.IsBlank(line[2]))
        {
            at = 3;
        }
        else
        {
            return false;
        }

        // Digits alone, not their value: an address too large for 64 bits is still a lackey
        // record, so that the reader reports it as too large.
        at = TraceText.SkipBlanks(line, at);
        var comma = TraceText.HexDigitsEnd(line, at);
        if (comma == at || comma >= line.Length || line[comma] != (byte)',')
        {
            return false;
        }

        var end = TraceText.ParseDecimal(line, comma + 1, out _);
        return end > 0 && TraceText.IsBlank(line[end..]);
    }

    private void Spill(ulong address, ulong last, AccessKind kind, bool modify)
    {
        var first = address >> _offsetBits;
        var pages = (int)((last >> _offsetBits) - first + 1);
        var needed = modify ? 2 * pages : pages;
        if (_spill.Length < needed)
        {
            _spill = new MemoryAccess[Math.Max(needed, _spill.Length * 2)];
        }

        var n = 0;
        for (var pass = 0; pass < (modify ? 2 : 1); pass++)
        {
            var passKind = pass == 0 ? kind : AccessKind.Write;
            for (var p = 0; p < pages; p++)
            {
                var at = p == 0 ? address : (first + (ulong)p) << _offsetBits;
                _spill[n++] = new MemoryAccess(at, passKind, 0, AccessContext.Unknown);
            }
        }

        _spillStart = 0;
        _spillEnd = n;
    }

    private int DrainSpill(Span<MemoryAccess> buffer)
    {
        var n = Math.Min(buffer.Length, _spillEnd - _spillStart);
        _spill.AsSpan(_spillStart, n).CopyTo(buffer);
        _spillStart += n;
        return n;
    }

    private InputFormatException NotARecord(ReadOnlySpan<byte> line, long lineNumber) =>
        TraceText.Error(Source, lineNumber, 0,
            $"expected a lackey record such as 'I  04011db0,3', ' L 1ffefffd48,8', ' S ...' or ' M ...' (or a '==' line), found {TraceText.Describe(line)}");

    private InputFormatException Bad(ReadOnlySpan<byte> line, long lineNumber, int column, string expected) =>
        TraceText.Error(Source, lineNumber, column, $"{expected}, found {TraceText.Describe(line[Math.Min(column, line.Length)..])}");
}
