namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// The trace formats vmsim reads, by name, and the way in: <see cref="Open(string, string?, int, CsvLayout?)"/>
/// opens a file (gzip-compressed or not, or <c>-</c> for standard input), tells its format
/// from its first bytes when none is given, and returns a reader.
/// </summary>
public static class TraceFormats
{
    /// <summary>Valgrind lackey <c>--trace-mem=yes</c> output (<see cref="LackeyTraceReader"/>).</summary>
    public const string Lackey = "lackey";

    /// <summary>One address a line with an optional R/W/X (<see cref="AddressTraceReader"/>).</summary>
    public const string Address = "addr";

    /// <summary>One decimal page number a line (<see cref="PageTraceReader"/>).</summary>
    public const string Pages = "pages";

    /// <summary>CSV with a header and a column map (<see cref="CsvTraceReader"/>).</summary>
    public const string Csv = "csv";

    /// <summary>libCacheSim's binary oracleGeneral records (<see cref="OracleGeneralTraceReader"/>).</summary>
    public const string OracleGeneral = "oracle-general";

    /// <summary>How many bytes detection looks at.</summary>
    public const int HeadSize = 64 << 10;

    // The most lines detection classifies: enough to see past a preamble, few enough to be instant.
    private const int DetectLines = 2000;

    /// <summary>The format names, for help texts and errors.</summary>
    public static IReadOnlyList<string> Names { get; } = [Lackey, Address, Pages, Csv, OracleGeneral];

    /// <summary>
    /// The canonical name of <paramref name="name"/> (ignoring case; <c>oracleGeneral</c>,
    /// <c>oracle_general</c>, <c>address</c>, <c>txt</c> are accepted too).
    /// </summary>
    /// <exception cref="ArgumentException">No format has that name; the message lists the known ones.</exception>
    public static string Normalize(string name) =>
        TryNormalize(name) ?? throw new ArgumentException(Unknown(name), nameof(name));

    /// <summary>The format's name as <see cref="Names"/> lists it, for any of the names it is known by, or null for none.</summary>
    public static string? TryNormalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "lackey" => Lackey,
            "addr" or "address" or "addresses" => Address,
            "pages" or "page" or "txt" => Pages,
            "csv" => Csv,
            "oracle-general" or "oraclegeneral" or "oracle_general" or "oraclegeneralbin" => OracleGeneral,
            _ => null,
        };
    }

    /// <summary>Says that no format is called <paramref name="name"/>, suggesting the nearest when a slip explains it, and listing them all.</summary>
    public static string Unknown(string name) =>
        $"unknown trace format '{name}'{Spelling.Suggestion(name, Names)}; the known formats are {string.Join(", ", Names)}";

    /// <summary>
    /// Opens the trace at <paramref name="path"/> (<c>-</c> for standard input). A file that starts
    /// with the gzip magic bytes is decompressed as it is read; a name ending in <c>.gz</c> must be gzip.
    /// A UTF-8 byte order mark at the start of the content is skipped for a text format, given or
    /// detected (the text readers skip it), and kept for oracle-general, given or detected.
    /// Content that holds nothing (a byte order mark alone, for a text format) is an error with
    /// every format, which names what the input was: an empty file, a gzip file that holds nothing.
    /// </summary>
    /// <param name="path">The file, or <c>-</c>.</param>
    /// <param name="format">A name from <see cref="Names"/>, or null to detect it (see <see cref="Detect(ReadOnlySpan{byte}, bool, long?, string)"/>).</param>
    /// <param name="pageSize">Bytes in a page, a power of two, for formats that record page numbers and for splitting page-crossing accesses.</param>
    /// <param name="csv">The delimiter, header and column map of a CSV trace; null (or any of them null) to infer them.</param>
    /// <exception cref="ArgumentException">An unknown format name.</exception>
    /// <exception cref="InputFormatException">The file cannot be read, the format cannot be told, the input holds nothing, or it is not what its name says.</exception>
    /// <exception cref="RuntimeOptionException">The input is gzip and this process cannot tell a cut gzip file from a whole one.</exception>
    public static ITraceReader Open(string path, string? format, int pageSize, CsvLayout? csv = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "-")
        {
            return Open(Console.OpenStandardInput(), "stdin", format, pageSize, csv);
        }

        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw e is FileNotFoundException or DirectoryNotFoundException
                ? new InputFormatException(path, 0, 0, "no such file; expected a trace file, or - for standard input")
                : Unreadable(path, e);
        }

        try
        {
            return OpenCore(file, path, format, pageSize, csv, leaveOpen: false, isFile: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The error for the trace file at <paramref name="path"/>, there but not to be opened: why, in the system's words (permission denied).</summary>
    /// <param name="path">The file, as given.</param>
    /// <param name="e">What opening it threw.</param>
    public static InputFormatException Unreadable(string path, Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new InputFormatException(path, 0, 0, $"cannot read the trace: {FileErrorWords.Of(e) ?? e.Message}");
    }

    /// <summary>
    /// Opens a trace from <paramref name="stream"/> (standard input, an uploaded file, a test's
    /// memory stream), with the same gzip handling and detection as <see cref="Open(string, string?, int, CsvLayout?)"/>.
    /// </summary>
    /// <param name="stream">The input; read once from its current position, never sought.</param>
    /// <param name="source">The name of the input in errors.</param>
    /// <param name="format">A name from <see cref="Names"/>, or null to detect it.</param>
    /// <param name="pageSize">Bytes in a page, a power of two.</param>
    /// <param name="csv">The delimiter, header and column map of a CSV trace; null (or any of them null) to infer them.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open when the reader is disposed.</param>
    /// <param name="isFile">
    /// True when <paramref name="stream"/> holds the file that <paramref name="source"/> names (a file
    /// uploaded to the visualizer, a pipe given by its name), which errors then treat as <see cref="Open(string, string?, int, CsvLayout?)"/>
    /// treats a file: one that holds nothing is an empty file, and a name ending in <c>.gz</c> must be gzip.
    /// </param>
    /// <exception cref="InputFormatException">The format cannot be told, or the input is not what it is said to be.</exception>
    /// <exception cref="RuntimeOptionException">The input is gzip and this process cannot tell a cut gzip file from a whole one.</exception>
    public static ITraceReader Open(Stream stream, string source, string? format, int pageSize, CsvLayout? csv = null, bool leaveOpen = false, bool isFile = false) =>
        OpenCore(stream, source, format, pageSize, csv, leaveOpen, isFile);

    /// <summary>
    /// Creates the reader for a format over an already decompressed stream, with no detection;
    /// <paramref name="contentLength"/>, when known, is the bytes the stream holds.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown format name.</exception>
    public static ITraceReader Create(string format, Stream stream, int pageSize, CsvLayout? csv = null, string source = "trace", bool leaveOpen = false, long? contentLength = null) =>
        Create(format, stream, pageSize, csv, source, leaveOpen, contentLength, inferredDelimiter: null);

    // As the public Create; a CSV reader given inferredDelimiter takes it for the delimiter it
    // would infer from the first line (the head's, already read), rather than read that line again.
    private static ITraceReader Create(string format, Stream stream, int pageSize, CsvLayout? csv, string source, bool leaveOpen, long? contentLength, byte? inferredDelimiter) =>
        Normalize(format) switch
        {
            Lackey => new LackeyTraceReader(stream, pageSize, source, leaveOpen),
            Address => new AddressTraceReader(stream, source, leaveOpen),
            Pages => new PageTraceReader(stream, pageSize, source, leaveOpen),
            Csv => new CsvTraceReader(stream, pageSize, csv, source, leaveOpen, inferredDelimiter),
            _ => new OracleGeneralTraceReader(stream, pageSize, source, leaveOpen, contentLength),
        };

    /// <summary>Tells the format of the file at <paramref name="path"/>, looking inside gzip.</summary>
    /// <exception cref="InputFormatException">The format cannot be told; the message asks for one.</exception>
    public static string Detect(string path)
    {
        using var reader = Open(path, null, 4096);
        return reader.Format;
    }

    // What errors call an input that holds nothing when it is no file (standard input, a
    // stream); a file, opened by its name or uploaded, is EmptyFile (see OpenCore).
    internal const string EmptyInput = "an empty input";

    // What errors call a file that holds nothing.
    private const string EmptyFile = "an empty file";

    /// <summary>
    /// The error for a trace read as <paramref name="format"/> that held no accesses: it says what
    /// such a trace may hold instead (comments and blank lines, a CSV header).
    /// </summary>
    /// <param name="source">The name of the input in errors.</param>
    /// <param name="format">A name from <see cref="Names"/>.</param>
    /// <param name="csv">The layout a CSV trace was read with, null for the inferred one.</param>
    public static InputFormatException NoAccesses(string source, string format, CsvLayout? csv = null) =>
        new(source, 0, 0, NoRecords(format, Normalize(format) switch
        {
            Csv when csv is { HasHeader: false } => "an empty trace, or blank lines only",
            Csv => "an empty trace, or a header and blank lines only",
            OracleGeneral => "an empty trace",
            _ => "an empty trace, or comments and blank lines only",
        }));

    private static string NoRecords(string format, string found) =>
        $"has no accesses: expected at least one {format} record, found none ({found})";

    // What a format's reader would find in content that holds nothing for it, when it does, as
    // errors call it: nothing at all, or a byte order mark alone before a text format, which
    // skips it (oracle-general reads its bytes as a record), or before a format not yet known
    // (null: detection, which looks past the mark before text); null when there is more.
    private static string? Nothing(string? format, ReadOnlySpan<byte> content, string empty) =>
        content.IsEmpty ? empty
            : format != OracleGeneral && content.SequenceEqual(ByteOrderMark.Utf8) ? ByteOrderMark.Alone
            : null;

    /// <summary>
    /// Tells a trace's format from its first bytes (already decompressed). Text is classified line
    /// by line over at most the first 2000 lines: every line a lackey record or a Valgrind
    /// <c>==</c>/<c>--</c> line means <see cref="Lackey"/>; every line a decimal number means
    /// <see cref="Pages"/>; every line an address with an optional R/W/X means <see cref="Address"/>
    /// (blank and <c>#</c> lines are neutral); a first line that is not blank with a comma outside
    /// quoted names, or one that commas, semicolons or tabs split into names among which a page or
    /// address column is found, means <see cref="Csv"/>, unless it is a Valgrind line, or the lines
    /// before the first that fits no format are records of one (a lackey trace with a bad record:
    /// the error then names that line and the format the lines before it fit), or it fits no format
    /// and names no column and the lines after it are records of one (the error then names it and
    /// the format the lines after it fit). A UTF-8 byte order mark before text is looked past (the
    /// text readers skip it); a head that holds the mark alone is an error.
    /// Bytes that cannot be text mean binary, taken as <see cref="OracleGeneral"/> when the length
    /// (when known) is a multiple of 24 and every next-access field in the head is -1 or points
    /// after its own record and not past the last record (when the length is not known, not past
    /// any trace's, 2^48 records, which lines of text read as records are).
    /// </summary>
    /// <param name="head">The first bytes of the content, up to <see cref="HeadSize"/>.</param>
    /// <param name="complete">True when <paramref name="head"/> is the whole content (its last line is whole).</param>
    /// <param name="length">The content's length in bytes when known.</param>
    /// <param name="source">The name of the input in errors.</param>
    /// <exception cref="InputFormatException">Nothing fits; the message names the line that fits no format and asks for one.</exception>
    public static string Detect(ReadOnlySpan<byte> head, bool complete, long? length, string source = "trace") =>
        Detect(head, complete, length, source, EmptyInput, out _, out _);

    // As the public Detect, calling a head that holds nothing as empty says; for a
    // text trace, also the first line that is not blank, which a CSV trace's reader takes for its
    // header, and the delimiter that splits it into names with a page or address column (null when
    // none does, or when the format was told before the line was split).
    private static string Detect(ReadOnlySpan<byte> head, bool complete, long? length, string source, string empty, out ReadOnlySpan<byte> header, out byte? namedBy)
    {
        header = default;
        namedBy = null;
        if (Nothing(null, head, empty) is { } nothing)
        {
            throw new InputFormatException(source, 0, 0, $"expected trace data to tell its format from, found {nothing}; give the format ({string.Join(", ", Names)})");
        }

        var stray = FirstBinaryByte(head);
        if (stray >= 0)
        {
            var multiple = length is not { } n || n % OracleGeneralTraceReader.RecordSize == 0;
            if (multiple && OracleGeneralTraceReader.LooksLikeRecords(head, length / OracleGeneralTraceReader.RecordSize))
            {
                return OracleGeneral;
            }

            // Records like oracleGeneral ones are explained as such (a length, a cut) whatever bytes
            // they hold. Otherwise, lines of a text trace before the first byte that text does not
            // hold: a text trace with a stray byte (a NUL) more likely than binary data, and the byte
            // is what to look for.
            var likeRecords = OracleGeneralTraceReader.LooksLikeRecords(head, null);
            if (!likeRecords && HoldsTraceLines(head[..stray]))
            {
                throw new InputFormatException(source, head[..stray].Count((byte)'\n') + 1, 0,
                    $"expected a text trace or oracleGeneral records, found a byte that text does not hold, 0x{head[stray]:x2} at byte offset {stray}, after lines of text; give the format ({string.Join(", ", Names)})");
            }

            var why = !multiple ? $"its length {length} is not a multiple of {OracleGeneralTraceReader.RecordSize}"
                : likeRecords
                    ? $"records like oracleGeneral ones, but with next-access times past its {length / OracleGeneralTraceReader.RecordSize:N0} records, as in a trace cut short; --format oracle-general names the first such record"
                    : "its records do not look like oracleGeneral ones";
            throw new InputFormatException(source, 0, 0, $"expected a text trace or oracleGeneral records, found binary data ({why}); give the format ({string.Join(", ", Names)})");
        }

        // Detection takes bytes that text does not hold for oracleGeneral records, whose first three
        // bytes are the first record's, whatever they are; before text, a byte order mark is no
        // part of the first line (a mark alone was refused above).
        return DetectText(ByteOrderMark.After(head), complete, source, out header, out namedBy);
    }

    // isFile: the stream is the file that source names, whose name says whether it must be gzip.
    private static OpenedTraceReader OpenCore(Stream stream, string source, string? format, int pageSize, CsvLayout? csv, bool leaveOpen, bool isFile)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        var name = format is null ? null : Normalize(format);
        long? rawLength = stream.CanSeek ? stream.Length - stream.Position : null;
        var raw = new CountingStream(stream, leaveOpen);
        Stream? gzip = null;
        try
        {
            var head = new byte[HeadSize];
            var headLength = ReadHead(raw, head, out var complete);
            Stream rest;
            long? contentLength;
            if (headLength >= 2 && head[0] == 0x1f && head[1] == 0x8b)
            {
                gzip = GzipInput.Open(new ReplayStream(head, headLength, raw), source);
                head = new byte[HeadSize];
                headLength = ReadHead(gzip, head, out complete);
                rest = gzip;
                contentLength = complete ? headLength : null;
            }
            else
            {
                if (isFile && source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InputFormatException(source, 0, 0, $"expected gzip data (the name ends in .gz), found {(headLength == 0 ? EmptyFile : $"bytes starting {Convert.ToHexString(head, 0, Math.Min(headLength, 4))}")}");
                }

                rest = raw;
                contentLength = rawLength ?? (complete ? headLength : null);
            }

            var content = new ReplayStream(head, headLength, rest);

            var detected = name is null;
            ReadOnlySpan<byte> header = default;
            byte? namedBy = null;
            // What an input that holds nothing is called in errors.
            var empty = gzip is null ? (isFile ? EmptyFile : EmptyInput) : isFile ? "a gzip file that holds nothing" : "gzip data that holds nothing";
            if (name is null)
            {
                name = Detect(head.AsSpan(0, headLength), complete, contentLength, source, empty, out header, out namedBy);
            }
            else if (complete && Nothing(name, head.AsSpan(0, headLength), empty) is { } nothing)
            {
                // A CSV header is expected only where it names the columns (as CsvTraceReader reads it).
                throw new InputFormatException(source, 0, 0, name == Csv && (csv ?? CsvLayout.Inferred).ColumnsByName
                    ? CsvTraceReader.NoHeader(nothing)
                    : NoRecords(name, nothing));
            }

            byte? delimiter = null;
            if (name == Csv && csv?.Delimiter is null)
            {
                // The delimiter, inferred once from the head's first line: the one detection found
                // and split for the header, or, with the format given, found here (after a byte order
                // mark, which the reader skips). The reader does not read the line again.
                var byColumnNames = (csv ?? CsvLayout.Inferred).ColumnsByName;
                delimiter = detected
                    ? CsvLayout.InferDelimiter(header, byColumnNames ? namedBy : null)
                    : CsvLayout.InferDelimiter(CsvHeaderLine.Find(ByteOrderMark.After(head.AsSpan(0, headLength)), out _), byColumnNames);
            }

            return new OpenedTraceReader(Create(name, content, pageSize, csv, source, leaveOpen: false, contentLength, delimiter), raw, rawLength);
        }
        catch
        {
            gzip?.Dispose();
            raw.Dispose();
            throw;
        }
    }

    private static int ReadHead(Stream stream, byte[] head, out bool complete)
    {
        var length = 0;
        while (length < head.Length)
        {
            var read = stream.Read(head, length, head.Length - length);
            if (read == 0)
            {
                complete = true;
                return length;
            }

            length += read;
        }

        complete = false;
        return length;
    }

    /// <summary>True when <paramref name="head"/> holds a byte that text does not (a control character other than tab, line feed, vertical tab, form feed and carriage return).</summary>
    internal static bool LooksBinary(ReadOnlySpan<byte> head) => FirstBinaryByte(head) >= 0;

    // Where head holds its first byte that text does not (see LooksBinary); -1 for none.
    private static int FirstBinaryByte(ReadOnlySpan<byte> head)
    {
        for (var i = 0; i < head.Length; i++)
        {
            var c = head[i];
            if (c < 0x09 || c is > 0x0d and < 0x20 || c == 0x7f)
            {
                return i;
            }
        }

        return -1;
    }

    // True when text's whole lines (those its last line feed ends) hold one that reads as a trace:
    // a record of a text format, or a CSV header naming a page or address column. A line feed among
    // binary bytes (a timestamp of 10, a PNG's signature) makes no such line.
    private static bool HoldsTraceLines(ReadOnlySpan<byte> text)
    {
        // The whole lines: up to the last line feed.
        var whole = text[..(text.LastIndexOf((byte)'\n') + 1)];
        for (var from = 0; from < whole.Length;)
        {
            var line = LineReader.LineAt(whole, from, out from);
            if (TraceText.IsBlank(line))
            {
                continue;
            }

            var fit = default(TextFormatFit);
            fit.Add(line);
            if (fit.Fitting is not null || CsvLayout.ColumnNamesDelimiter(line) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static string DetectText(ReadOnlySpan<byte> head, bool complete, string source, out ReadOnlySpan<byte> header, out byte? namedBy)
    {
        header = default;
        namedBy = null;
        if (!complete)
        {
            var lastNewline = head.LastIndexOf((byte)'\n');
            if (lastNewline < 0)
            {
                throw new InputFormatException(source, 1, 0, $"expected lines of text, found a first line longer than {head.Length} bytes; give the format ({string.Join(", ", Names)})");
            }

            head = head[..(lastNewline + 1)];
        }

        // The lines up to the first that fits no format; and, when that is the first line that is not
        // blank (a CSV trace's header), the lines after it.
        TextFormatFit all = default, afterFirst = default;
        int firstMisfit = 0, firstLine = 0, lineNumber = 0;
        ReadOnlySpan<byte> misfit = default;
        string? fittingBeforeMisfit = null;
        var rest = head;
        while (!rest.IsEmpty && lineNumber < DetectLines)
        {
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? default : rest[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            lineNumber++;
            if (TraceText.IsBlank(line))
            {
                continue;
            }

            if (firstMisfit != 0)
            {
                // The first line fitted no format: what matters now is whether the rest do, and
                // once one of them fits none (a CSV's first record), no later line can change that.
                afterFirst.Add(line);
                if (afterFirst.FitsNone)
                {
                    break;
                }

                continue;
            }

            var fitting = all.Fitting;
            all.Add(line);
            if (firstLine == 0)
            {
                firstLine = lineNumber;
            }

            if (all.FitsNone)
            {
                firstMisfit = lineNumber;
                misfit = line;
                fittingBeforeMisfit = fitting;
                if (firstMisfit != firstLine)
                {
                    // Lines after a later misfit change nothing: the error names it.
                    break;
                }
            }
        }

        if (all.Fitting is { } format)
        {
            return format;
        }

        // The first line as the CSV reader takes it for its header, split once for the names it
        // holds here and for the delimiter it implies in Open.
        header = CsvHeaderLine.Find(head, out _);
        namedBy = CsvLayout.ColumnNamesDelimiter(header);

        // A first line that fits no format and names no column, before lines that all read as one
        // format, is that format's bad line, not a CSV header: a lackey trace's records hold commas.
        // (Such a misfit is the first line that is not blank: the header.)
        var fittingAfterMisfit = firstMisfit == firstLine && fittingBeforeMisfit is null && namedBy is null ? afterFirst.Fitting : null;

        // Not a header when the first line is a record of another format, or a Valgrind line: a lackey
        // trace's records and notes hold commas, and one bad record in it is to be named as such, not
        // its first line as a header.
        if (!header.IsEmpty && fittingBeforeMisfit is null && fittingAfterMisfit is null && !LackeyTraceReader.IsValgrindLine(header) && CsvLayout.IsHeader(header, namedBy))
        {
            return Csv;
        }

        if (firstMisfit == 0)
        {
            throw new InputFormatException(source, 0, 0, $"expected trace records, found none in the first {Plural.Count(lineNumber, "line")}; give the format ({string.Join(", ", Names)})");
        }

        var near = fittingBeforeMisfit ?? fittingAfterMisfit;
        var where = fittingBeforeMisfit is null ? "before" : "after";
        throw new InputFormatException(source, firstMisfit, 0,
            $"cannot tell the trace format: expected a lackey, addr or pages line (or a CSV header), found {TraceText.Describe(misfit)}" +
            (near is null ? string.Empty : $", {where} lines that read as {near} (--format {near} says what that format expects here)") +
            $"; give the format ({string.Join(", ", Names)})");
    }
}
