using Vmsim.Core.Addressing;

namespace Vmsim.Core.Workloads;

/// <summary>One reference of a textbook reference string: a page and what is done with it.</summary>
/// <param name="Page">The virtual page.</param>
/// <param name="Kind">Read (the default), write (<c>3w</c>) or execute (<c>3x</c>).</param>
public readonly record struct PageReference(ulong Page, AccessKind Kind)
{
    /// <summary>The reference as written: the page, with <c>w</c> or <c>x</c> for a write or execute.</summary>
    public override string ToString() => Kind switch
    {
        AccessKind.Write => $"{Page}w",
        AccessKind.Execute => $"{Page}x",
        _ => Page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
