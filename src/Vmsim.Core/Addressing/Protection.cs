namespace Vmsim.Core.Addressing;

/// <summary>
/// The permissions of a region of the simulated machine's memory. These are the
/// domain's own bits, never an operating system's <c>PROT_*</c> values.
/// </summary>
[Flags]
public enum Protection : byte
{
    /// <summary>No access at all.</summary>
    None = 0,

    /// <summary>Loads are allowed.</summary>
    Read = 1 << 0,

    /// <summary>Stores are allowed.</summary>
    Write = 1 << 1,

    /// <summary>Instruction fetches are allowed.</summary>
    Execute = 1 << 2,

    /// <summary>Read and write.</summary>
    ReadWrite = Read | Write,

    /// <summary>Read and execute, as program text.</summary>
    ReadExecute = Read | Execute,

    /// <summary>Everything.</summary>
    All = Read | Write | Execute,
}

/// <summary>Parsing and formatting of <see cref="Protection"/> in the <c>rwx</c> notation.</summary>
public static class ProtectionText
{
    /// <summary>Formats as three characters, <c>r</c>, <c>w</c>, <c>x</c> or <c>-</c> for each, as in <c>/proc/PID/maps</c>.</summary>
    public static string Format(Protection protection) => string.Concat(
        (protection & Protection.Read) != 0 ? "r" : "-",
        (protection & Protection.Write) != 0 ? "w" : "-",
        (protection & Protection.Execute) != 0 ? "x" : "-");

    /// <summary>
    /// Parses <c>rwx</c> notation: any of the letters r, w and x, in that order, with
    /// <c>-</c> allowed in place of a missing letter (<c>r-x</c>, <c>rx</c>, <c>--x</c>,
    /// <c>---</c>). Returns false for anything else.
    /// </summary>
    public static bool TryParse(string text, out Protection protection)
    {
        protection = Protection.None;
        if (string.IsNullOrEmpty(text) || text.Length > 3)
        {
            return false;
        }

        var order = "rwx";
        var position = 0;
        foreach (var c in text)
        {
            if (c == '-')
            {
                if (text.Length != 3)
                {
                    return false;
                }

                position++;
                continue;
            }

            var at = order.IndexOf(char.ToLowerInvariant(c), position);
            if (at < 0 || (text.Length == 3 && at != position))
            {
                return false;
            }

            protection |= (Protection)(1 << at);
            position = at + 1;
        }

        return true;
    }

    /// <summary>True when a VMA or PTE with <paramref name="protection"/> allows an access of <paramref name="kind"/>.</summary>
    public static bool Permits(Protection protection, AccessKind kind) => kind switch
    {
        AccessKind.Read => (protection & Protection.Read) != 0,
        AccessKind.Write => (protection & Protection.Write) != 0,
        _ => (protection & Protection.Execute) != 0,
    };
}
