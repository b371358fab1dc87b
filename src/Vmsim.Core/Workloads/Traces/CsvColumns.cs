namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Which columns of a CSV trace hold what. The location column holds a page number or a byte
/// address (decimal, or hexadecimal after <c>0x</c>); the optional operation column holds
/// <c>R</c>, <c>W</c>, <c>X</c> or <c>read</c>, <c>write</c>, <c>exec</c>, <c>execute</c> (any case;
/// a read when the column is absent); the optional pid column holds a decimal process id
/// (0 when absent). The delimiter and whether the trace has a header are the <see cref="CsvLayout"/>'s.
/// </summary>
/// <param name="Location">The column of the page number or address.</param>
/// <param name="IsPage">True when <paramref name="Location"/> holds page numbers, false for byte addresses.</param>
/// <param name="Operation">The column of the access kind, if any.</param>
/// <param name="Pid">The column of the process id, if any.</param>
public sealed record CsvColumns(CsvColumn Location, bool IsPage, CsvColumn? Operation = null, CsvColumn? Pid = null)
{
    /// <summary>Header names taken for a page column when no map is given.</summary>
    public static IReadOnlyList<string> PageNames { get; } = ["page", "vpn", "page_number", "pageno", "obj_id", "object_id"];

    /// <summary>Header names taken for an address column when no map is given.</summary>
    public static IReadOnlyList<string> AddressNames { get; } = ["address", "addr", "vaddr", "virtual_address"];

    /// <summary>Header names taken for an operation column when no map is given.</summary>
    public static IReadOnlyList<string> OperationNames { get; } = ["op", "operation", "type", "kind", "access", "rw"];

    /// <summary>Header names taken for a pid column when no map is given.</summary>
    public static IReadOnlyList<string> PidNames { get; } = ["pid", "asid", "process"];

    /// <summary>
    /// Guesses the map from a header's names (see <see cref="PageNames"/>, <see cref="AddressNames"/>,
    /// <see cref="OperationNames"/>, <see cref="PidNames"/>; ignoring case), or returns null when no
    /// column names a page or an address.
    /// </summary>
    public static CsvColumns? Infer(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        CsvColumn? Find(IReadOnlyList<string> names)
        {
            foreach (var name in names)
            {
                foreach (var column in header)
                {
                    if (string.Equals(column.Trim(), name, StringComparison.OrdinalIgnoreCase))
                    {
                        return CsvColumn.Named(column);
                    }
                }
            }

            return null;
        }

        var page = Find(PageNames);
        var address = Find(AddressNames);
        if (page is null && address is null)
        {
            return null;
        }

        return new CsvColumns(address ?? page!.Value, address is null, Find(OperationNames), Find(PidNames));
    }
}
