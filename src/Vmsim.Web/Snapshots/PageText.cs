using System.Globalization;
using Vmsim.Core.Addressing;

namespace Vmsim.Web.Snapshots;

/// <summary>
/// Page numbers as the workload writes them: a reference string's in decimal, as the string
/// and <c>vmsim refs --steps</c> write them (<c>10</c>); a scenario's and a trace's in
/// hexadecimal, as their addresses are (<c>0xa</c>).
/// </summary>
internal static class PageText
{
    /// <summary><paramref name="page"/> in decimal when <paramref name="decimalPages"/>, else in hexadecimal.</summary>
    public static string Format(PageNumber page, bool decimalPages) =>
        decimalPages ? page.Value.ToString(CultureInfo.InvariantCulture) : page.ToString();
}
