namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Which text formats (lackey, pages, addr) every line seen so far fits, and how many of those
/// lines were records of each: what detection weighs a trace's lines by. Blank lines are neutral,
/// and so are a Valgrind <c>==</c>/<c>--</c> line for lackey and a <c>#</c> line for pages.
/// </summary>
internal struct TextFormatFit
{
    private bool _notLackey, _notPages, _notAddress;
    private int _lackeyRecords, _pageRecords, _addressRecords;

    /// <summary>True when some line fits none of the formats.</summary>
    public readonly bool FitsNone => _notLackey && _notPages && _notAddress;

    /// <summary>The format every line fits, with records among them (lackey first, then pages, then addr), or null.</summary>
    public readonly string? Fitting =>
        !_notLackey && _lackeyRecords > 0 ? TraceFormats.Lackey
        : !_notPages && _pageRecords > 0 ? TraceFormats.Pages
        : !_notAddress && _addressRecords > 0 ? TraceFormats.Address
        : null;

    /// <summary>Weighs one line that is not blank (without its line end).</summary>
    public void Add(ReadOnlySpan<byte> line)
    {
        var isLackey = LackeyTraceReader.IsRecord(line);
        _lackeyRecords += isLackey ? 1 : 0;
        _notLackey |= !isLackey && !LackeyTraceReader.IsValgrindLine(line);

        var comment = line[TraceText.SkipBlanks(line, 0)] == (byte)'#';
        var isPage = !comment && PageTraceReader.IsRecord(line);
        _pageRecords += isPage ? 1 : 0;
        _notPages |= !isPage && !comment;

        var addressStatus = AddressTraceReader.TryParse(line, out _, out _, out var addressColumn);
        var addressTooLarge = addressStatus < 0 && AddressTraceReader.IsTooLarge(line, addressColumn);
        _addressRecords += addressStatus > 0 || addressTooLarge ? 1 : 0;
        _notAddress |= addressStatus < 0 && !addressTooLarge;
    }
}
