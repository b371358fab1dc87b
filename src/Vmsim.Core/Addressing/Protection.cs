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
    /// Parses <c>rwx</c> notation as <c>/proc/PID/maps</c> writes it: three characters, the
    /// first <c>r</c> or <c>-</c>, the second <c>w</c> or <c>-</c>, the third <c>x</c> or
    /// <c>-</c> (<c>r-x</c>, <c>--x</c>, <c>---</c>), in either case. Returns false for anything
    /// else, a shorter form such as <c>rw</c> included: it is a slip for <c>rw-</c> or for
    /// <c>rwx</c>, and <see cref="Completed"/> suggests the one it would be with dashes.
    /// </summary>
    public static bool TryParse(string text, out Protection protection)
    {
        protection = Protection.None;
        if (text is not { Length: 3 })
        {
            return false;
        }

        for (var i = 0; i < 3; i++)
        {
            var c = char.ToLowerInvariant(text[i]);
            if (c == "rwx"[i])
            {
                protection |= (Protection)(1 << i);
            }
            else if (c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// For letters of <c>rwx</c> in order without their dashes (<c>rw</c>, <c>rx</c>, <c>x</c>),
    /// the three characters they stand for (<c>rw-</c>, <c>r-x</c>, <c>--x</c>); null for
    /// anything else.
    /// </summary>
    public static string? Completed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var protection = Protection.None;
        var next = 0;
        foreach (var c in text)
        {
            var at = "rwx".IndexOf(char.ToLowerInvariant(c), next);
            if (at < 0)
            {
                return null;
            }

            protection |= (Protection)(1 << at);
            next = at + 1;
        }

        return text.Length is > 0 and < 3 ? Format(protection) : null;
    }

    /// <summary>True when a VMA or PTE with <paramref name="protection"/> allows an access of <paramref name="kind"/>.</summary>
    public static bool Permits(Protection protection, AccessKind kind) => kind switch
    {
        AccessKind.Read => (protection & Protection.Read) != 0,
        AccessKind.Write => (protection & Protection.Write) != 0,
        _ => (protection & Protection.Execute) != 0,
    };
}
