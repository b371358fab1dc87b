using System.Globalization;

namespace Vmsim.Core.Replacement;

/// <summary>
/// A tunable parameter of a policy (2Q's Kin, LRU-K's K, SLRU's protected share...), set
/// with <see cref="PolicyOptions.Parameters"/>; its paper's value is the default.
/// </summary>
/// <param name="Name">The name users give it (<c>kin</c>, <c>k</c>, ...).</param>
/// <param name="Meaning">What it sets, for <c>vmsim policies</c>.</param>
/// <param name="Default">The value when none is given.</param>
/// <param name="Min">The smallest value allowed.</param>
/// <param name="Max">The largest value allowed.</param>
/// <param name="WholeNumber">True when only whole numbers are allowed.</param>
/// <param name="AnonymousAgainstFile">True when it weighs anonymous pages against file pages, and so
/// changes nothing where every page is a file page (a trace's or a reference string's).</param>
public sealed record PolicyParameter(string Name, string Meaning, double Default, double Min, double Max, bool WholeNumber = false, bool AnonymousAgainstFile = false)
{
    /// <summary>Why <paramref name="value"/> is not allowed, or null when it is.</summary>
    public string? Problem(double value)
    {
        if (double.IsNaN(value) || value < Min || value > Max)
        {
            return $"expected {(WholeNumber ? "a whole number" : "a number")} from {Format(Min)} to {Format(Max)}, found {Format(value)}";
        }

        return WholeNumber && value != Math.Floor(value) ? $"expected a whole number, found {Format(value)}" : null;
    }

    /// <summary>How the parameter reads in listings: <c>kin = 0.25 (0.01 to 0.99): meaning</c>.</summary>
    public override string ToString() => $"{Name} = {Format(Default)} ({Format(Min)} to {Format(Max)}): {Meaning}";

    /// <summary>A parameter's value as listings write it (<c>0.25</c>, <c>60</c>), the same in every culture.</summary>
    public static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
