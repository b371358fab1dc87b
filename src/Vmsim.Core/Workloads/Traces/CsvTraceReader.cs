using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using CsvHelper;
using Vmsim.Core.Addressing;
using Vmsim.Core.Replacement;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Reads a CSV trace, one access a row, with the columns a <see cref="CsvColumns"/> map names
/// (or, without a map, the ones <see cref="CsvColumns.Infer"/> finds in the header), its fields
/// separated by the <see cref="CsvLayout"/>'s delimiter (or, without one, by the one
/// <see cref="CsvLayout.InferDelimiter(ReadOnlySpan{byte}, bool)"/> finds in the first line that is not blank, the header when
/// there is one). Fields may be quoted with <c>"</c> (RFC 4180); blanks around a value are ignored;
/// empty lines are skipped, and so are blank lines before the header. A row with fewer fields than the map needs, a field that does not parse, or broken
/// quoting is an error naming its line (and column, for a field).
/// </summary>
/// <remarks>
/// Parsing is CsvHelper's span reader: it splits records with SIMD over UTF-8 bytes and hands
/// out fields as spans, so that a row allocates nothing; the numbers are parsed here from the
/// spans. It was measured faster than a hand parser over bytes (see docs/formats.md).
/// </remarks>
public sealed partial class CsvTraceReader : ITraceReader
{
    private const int ShownHeaderNames = 8;

    // The most bytes read to find the first line when the delimiter is to be inferred from it.
    private const int FirstLineLimit = 64 << 10;
    private readonly CsvReader _csv;
    private readonly bool _delimiterInferred;

    // Whether the input starts with a byte order mark, which the CSV parser skips (one, as the
    // text readers do) and counts in its byte offsets, from the start of the input as a hex dump shows it.
    private readonly bool _byteOrderMark;

    private readonly bool _hasHeader;
    private readonly int _offsetBits;
    private readonly ulong _maxPage;
    private CsvColumns? _columns;
    private bool _started;
    private bool _isPage;
    private int _location = -1;
    private int _operation = -1;
    private int _pid = -1;
    private int _lastNeeded;

    /// <summary>Reads CSV rows from <paramref name="stream"/>.</summary>
    /// <param name="stream">The trace text, UTF-8.</param>
    /// <param name="pageSize">Bytes in a page, a power of two: the address of page p is p times this.</param>
    /// <param name="layout">The delimiter, header and column map; null, or any of them null, to infer them.</param>
    /// <param name="source">The name of the input in errors.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on <see cref="Dispose"/>.</param>
    /// <exception cref="ArgumentException">The layout has no header and no column map.</exception>
    /// <remarks>
    /// One UTF-8 byte order mark at the start of the stream is skipped (a second is content), and
    /// counted in byte offsets, which count from the start of the stream. Without a
    /// delimiter, the first line is read here too, to infer it.
    /// </remarks>
    public CsvTraceReader(Stream stream, int pageSize, CsvLayout? layout = null, string source = "trace", bool leaveOpen = false)
        : this(stream, pageSize, layout, source, leaveOpen, inferredDelimiter: null)
    {
    }

    /// <summary>
    /// As the public constructor; a layout without a delimiter takes <paramref name="inferredDelimiter"/>,
    /// when given, as the one inferred from the first line (<see cref="TraceFormats"/> inferred it
    /// from the head it read), and errors say it was inferred.
    /// </summary>
    internal CsvTraceReader(Stream stream, int pageSize, CsvLayout? layout, string source, bool leaveOpen, byte? inferredDelimiter)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        layout ??= CsvLayout.Inferred;
        if (!layout.HasHeader && layout.Columns is null)
        {
            throw new ArgumentException("a CSV trace without a header needs a column map (by column number)", nameof(layout));
        }

        _offsetBits = TraceText.OffsetBits(pageSize);
        _maxPage = TraceText.MaxPage(_offsetBits);
        _hasHeader = layout.HasHeader;
        _columns = layout.Columns;
        _isPage = _columns?.IsPage ?? false;
        Source = source;
        Length = stream.CanSeek ? stream.Length - stream.Position : null;
        _delimiterInferred = layout.Delimiter is null;
        _byteOrderMark = ByteOrderMark.Starts(ref stream);
        Delimiter = layout.Delimiter ?? inferredDelimiter ?? InferDelimiter(ref stream, byColumnNames: layout.ColumnsByName);
        var options = CsvReaderOptions.Default with
        {
            Separator = (char)Delimiter,

            // The header is read as a record (see Start), so that blank lines before it are skipped
            // as the delimiter's inference and format detection skip them.
            HasHeader = false,
            DetectSeparatorHint = false,
            MalformedData = CsvMalformedDataHandling.Throw,
            TrackLineNumbers = true,
            MaxRecordSize = 1 << 20,
        };
        _csv = CsvReader.Create(stream, options, leaveOpen);
    }

    /// <inheritdoc/>
    public string Source { get; }

    /// <inheritdoc/>
    public string Format => TraceFormats.Csv;

    /// <inheritdoc/>
    public long BytesRead => _csv.ByteOffset;

    /// <inheritdoc/>
    public long? Length { get; }

    /// <summary>The column map in use: the one given, or the inferred one once the header is read.</summary>
    public CsvColumns? Columns => _columns;

    /// <summary>
    /// True when the location column holds page numbers (<see cref="CsvColumns.IsPage"/>): given by
    /// the column map, or else by the header, read now when no access has been read yet.
    /// </summary>
    /// <exception cref="InputFormatException">The header names no page or address column, or is not well-formed CSV.</exception>
    public bool RecordsPageNumbers
    {
        get
        {
            // Given, or inferred by Begin (which throws when it finds none).
            if (_columns is null)
            {
                Begin();
            }

            return _isPage;
        }
    }

    /// <summary>The delimiter in use: the one given, or the one inferred from the first line that is not blank.</summary>
    public byte Delimiter { get; }

    /// <inheritdoc/>
    public int Read(Span<MemoryAccess> buffer)
    {
        Begin();
        try
        {
            var csv = _csv;
            var count = 0;
            while (count < buffer.Length && csv.Read())
            {
                if (csv.FieldCount <= _lastNeeded)
                {
                    if (TraceText.IsBlank(csv.RawRecord))
                    {
                        continue;
                    }

                    throw TraceText.Error(Source, csv.LineNumber, -1,
                        $"expected at least {_lastNeeded + 1} fields separated by {CsvLayout.Describe(Delimiter)}, found {csv.FieldCount} {FieldsSplitBy()}");
                }

                var address = ParseLocation(csv.GetSpan(_location));
                var kind = _operation < 0 ? AccessKind.Read : ParseOperation(csv.GetSpan(_operation));
                var pid = _pid < 0 ? 0 : ParsePid(csv.GetSpan(_pid));
                buffer[count++] = new MemoryAccess(address, kind, pid, AccessContext.Unknown);
            }

            return count;
        }
        catch (CsvFormatException e)
        {
            throw Malformed(e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _csv.Dispose();

    /// <summary>Reads the header and finds the columns, once, before the first access.</summary>
    private void Begin()
    {
        if (_started)
        {
            return;
        }

        try
        {
            Start();
        }
        catch (CsvFormatException e)
        {
            throw Malformed(e);
        }
    }

    /// <summary>Says that a trace with a header held none, but <paramref name="found"/> (blank lines only, an empty file).</summary>
    internal static string NoHeader(string found) => $"expected a CSV header naming the columns, found {found}";

    private InputFormatException Malformed(CsvFormatException e) =>
        TraceText.Error(Source, e.LineNumber, -1, $"expected well-formed CSV, found {MalformedWhat(e.Message)}");

    /// <summary>
    /// What a malformed-data message of the CSV parser says was wrong ("a quoted field that is
    /// never closed (byte offset 17)"), without its "Malformed CSV in record 2 (line 2): ", whose
    /// line the error's prefix names already; a message in another form, whole.
    /// </summary>
    internal static string MalformedWhat(string message)
    {
        var match = MalformedPrefix().Match(message);
        return match.Success ? message[match.Length..].TrimEnd('.') : $"a problem: {message}";
    }

    [GeneratedRegex(@"^Malformed CSV in record \d+( \(line \d+\))?: ", RegexOptions.CultureInvariant)]
    private static partial Regex MalformedPrefix();

    /// <summary>Reads the header and finds the columns.</summary>
    private void Start()
    {
        _started = true;
        var csv = _csv;
        Header? header = null;
        if (_hasHeader)
        {
            header = ReadHeader(out var blankLines);
            if (header is null)
            {
                if (_columns is null)
                {
                    throw new InputFormatException(Source, 0, 0,
                        NoHeader(blankLines ? "blank lines only" : _byteOrderMark ? ByteOrderMark.Alone : TraceFormats.EmptyInput));
                }
            }
            else
            {
                _columns ??= CsvColumns.Infer(header.Names) ?? throw TraceText.Error(Source, HeaderLine(csv), -1,
                    $"expected a header with a column named {string.Join(", ", CsvColumns.PageNames.Concat(CsvColumns.AddressNames))} (or a column map), found {header.Describe()} {SplitBy()}");
            }
        }

        // Given, or inferred above: the constructor refuses a layout with neither a header nor a map.
        var columns = _columns!;
        _isPage = columns.IsPage;
        _location = Resolve(columns.Location, header, csv);
        _operation = columns.Operation is { } op ? Resolve(op, header, csv) : -1;
        _pid = columns.Pid is { } pid ? Resolve(pid, header, csv) : -1;
        _lastNeeded = Math.Max(_location, Math.Max(_operation, _pid));
    }

    /// <summary>
    /// The header's fields: the first record that is not blank, as <see cref="CsvHeaderLine.Find"/>
    /// finds the first line; null when there is none, <paramref name="blankLines"/> telling
    /// whether blank lines were all there was (empty ones too, which the CSV parser skips).
    /// </summary>
    private Header? ReadHeader(out bool blankLines)
    {
        var csv = _csv;
        blankLines = false;
        while (csv.Read())
        {
            if (TraceText.IsBlank(csv.RawRecord))
            {
                blankLines = true;
                continue;
            }

            var names = new List<string>(csv.FieldCount);
            var asRead = new List<byte[]>(csv.FieldCount);
            for (var i = 0; i < csv.FieldCount; i++)
            {
                var name = csv.GetSpan(i);
                names.Add(System.Text.Encoding.UTF8.GetString(name).Trim());
                asRead.Add(Trim(name).ToArray());
            }

            return new Header(names, asRead);
        }

        blankLines |= csv.ByteOffset > (_byteOrderMark ? ByteOrderMark.Utf8.Length : 0);
        return null;
    }

    /// <summary>After a record split into too few fields by the delimiter, says how to give another when it was inferred.</summary>
    private string FieldsSplitBy() => _delimiterInferred
        ? "(if the fields are separated by something else, give --csv-delimiter)"
        : "(the delimiter given)";

    /// <summary>Says which delimiter split the header, and when it was inferred how to give another.</summary>
    private string SplitBy() => _delimiterInferred
        ? $"(split by {CsvLayout.Describe(Delimiter)}; if the fields are separated by something else, give --csv-delimiter)"
        : $"(split by {CsvLayout.Describe(Delimiter)}, the delimiter given)";

    /// <summary>
    /// The delimiter that the first line of <paramref name="stream"/> that is not blank implies
    /// (see <see cref="CsvLayout.InferDelimiter(ReadOnlySpan{byte}, bool)"/>; at most the first <see cref="FirstLineLimit"/>
    /// bytes are read), leaving the stream to be read from its start: sought back when it can
    /// seek, otherwise replaced by one that replays the bytes read.
    /// </summary>
    private static byte InferDelimiter(ref Stream stream, bool byColumnNames)
    {
        var start = stream.CanSeek ? stream.Position : 0;
        var head = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == head.Length)
            {
                if (head.Length == FirstLineLimit)
                {
                    break;
                }

                Array.Resize(ref head, head.Length * 2);
            }

            var read = stream.Read(head, length, head.Length - length);
            length += read;
            CsvHeaderLine.Find(ByteOrderMark.After(head.AsSpan(0, length)), out var ended);
            if (read == 0 || ended)
            {
                break;
            }
        }

        var delimiter = CsvLayout.InferDelimiter(CsvHeaderLine.Find(ByteOrderMark.After(head.AsSpan(0, length)), out _), byColumnNames);
        ReplayStream.Rewind(ref stream, start, head, length);
        return delimiter;
    }

    private static long HeaderLine(CsvReader csv) => Math.Max(1, csv.LineNumber);

    private int Resolve(CsvColumn column, Header? header, CsvReader csv)
    {
        if (column.Name is null)
        {
            return column.Number - 1;
        }

        if (header is null)
        {
            throw new InputFormatException(Source, 1, 0, $"the CSV column '{column}' is given by name, so a header row was expected, but the trace has none; give the column by number instead");
        }

        for (var i = 0; i < header.Names.Count; i++)
        {
            if (string.Equals(header.Names[i], column.Name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw TraceText.Error(Source, HeaderLine(csv), -1, $"expected a column named {column} in the header, found {header.Describe()}");
    }

    private ulong ParseLocation(ReadOnlySpan<byte> field)
    {
        var text = Trim(field);
        var stop = TraceText.ParseNumber(text, 0, out var value);
        var parsed = stop == text.Length && !text.IsEmpty;
        if (parsed && (!_isPage || value <= _maxPage))
        {
            return _isPage ? value << _offsetBits : value;
        }

        // A number that did not parse is one too large for 64 bits.
        if (parsed || TraceText.IsNumeral(text, hex: true))
        {
            throw FieldError(_location, _isPage
                ? $"expected a page number of at most {_maxPage} (its address must fit 64 bits with {1L << _offsetBits}-byte pages), found {Quote(text)} (too large)"
                : $"expected an address of at most {ulong.MaxValue} (0x{ulong.MaxValue:x}), found {Quote(text)} (too large)");
        }

        throw FieldError(_location, $"expected {(_isPage ? "a page number" : "an address")} in decimal or in hexadecimal after 0x, found {Quote(text)}");
    }

    private AccessKind ParseOperation(ReadOnlySpan<byte> field)
    {
        var text = Trim(field);
        if (text.Length == 1)
        {
            switch (text[0] | 0x20)
            {
                case 'r':
                    return AccessKind.Read;
                case 'w':
                    return AccessKind.Write;
                case 'x':
                    return AccessKind.Execute;
            }
        }
        else if (System.Text.Ascii.EqualsIgnoreCase(text, "read"u8))
        {
            return AccessKind.Read;
        }
        else if (System.Text.Ascii.EqualsIgnoreCase(text, "write"u8))
        {
            return AccessKind.Write;
        }
        else if (System.Text.Ascii.EqualsIgnoreCase(text, "exec"u8) || System.Text.Ascii.EqualsIgnoreCase(text, "execute"u8))
        {
            return AccessKind.Execute;
        }

        throw FieldError(_operation, $"expected R, W, X, read, write, exec or execute, found {Quote(text)}");
    }

    private int ParsePid(ReadOnlySpan<byte> field)
    {
        var text = Trim(field);
        var stop = TraceText.ParseDecimal(text, 0, out var value);
        if (stop != text.Length || value > int.MaxValue)
        {
            throw FieldError(_pid, $"expected a process id from 0 to {int.MaxValue}, found {Quote(text)}");
        }

        return (int)value;
    }

    // Only on the error path: where the field starts in its line, from the distance between
    // the raw field's bytes and the raw record's, which share one buffer.
    private InputFormatException FieldError(int field, string problem)
    {
        var record = _csv.RawRecord;
        var raw = _csv.GetRawSpan(field);
        var offset = (long)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(record), ref MemoryMarshal.GetReference(raw));

        // The column of the value itself, as the message quotes it: past the blanks before it and,
        // in a quoted field, past the opening quote and the blanks after it.
        var start = TraceText.SkipBlanks(raw, 0);
        if (start < raw.Length && raw[start] == (byte)'"')
        {
            start = TraceText.SkipBlanks(raw, start + 1);
        }

        var column = offset >= 0 && offset <= record.Length ? (int)offset + start : -1;
        return TraceText.Error(Source, _csv.LineNumber, column, problem);
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && TraceText.IsBlank(text[start]))
        {
            start++;
        }

        while (end > start && TraceText.IsBlank(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    private static string Quote(ReadOnlySpan<byte> text) => text.IsEmpty ? "an empty field" : TraceText.Describe(text);

    /// <summary>
    /// A header's names, decoded and trimmed of white space to be matched, and as read (bytes
    /// trimmed of blanks, not decoded) to be quoted in errors as the file holds them.
    /// </summary>
    private sealed record Header(IReadOnlyList<string> Names, IReadOnlyList<byte[]> AsRead)
    {
        // The names quoted as the file holds them (bytes that are not UTF-8 too), and only the first
        // few: a binary file read as CSV has a header of junk.
        public string Describe() =>
            string.Join(", ", AsRead.Take(ShownHeaderNames).Select(h => h.Length == 0 ? "''" : TraceText.Describe(h))) +
            (AsRead.Count > ShownHeaderNames ? $" and {AsRead.Count - ShownHeaderNames} more" : string.Empty);
    }
}
