namespace Vmsim.Core.Replacement;

/// <summary>
/// The machine's settings that only some policies read (<see cref="PolicyInfo.Settings"/>),
/// by their names on the command line (<c>--window</c>) and in scenarios (<c>window:</c>).
/// </summary>
public static class PolicySetting
{
    /// <summary>Accesses between two policy ticks (aging samples the accessed bits at each).</summary>
    public const string Tick = "tick";

    /// <summary>Bits of each aging counter.</summary>
    public const string AgingBits = "aging-bits";

    /// <summary>Whether a page clock loads starts with its accessed bit set.</summary>
    public const string ClockInsert = "clock-insert";

    /// <summary>The working-set window tau of ws and wsclock.</summary>
    public const string Window = "window";

    /// <summary>The seed of the random policy's choices.</summary>
    public const string Seed = "seed";

    /// <summary>
    /// Every one of them: the names a policy may list in <see cref="PolicyInfo.Settings"/>, and
    /// which no tunable parameter may take (a variant's label looks a name up among both).
    /// </summary>
    public static IReadOnlyList<string> All { get; } = [Tick, AgingBits, ClockInsert, Window, Seed];

    /// <summary>Those a variant may give for itself (<c>clock:clock-insert=cold</c>); the tick is the machine's, one for the whole run.</summary>
    public static IReadOnlyList<string> PerVariant { get; } = [ClockInsert, AgingBits, Window, Seed];

    /// <summary>Those that change nothing in a run whose policies do not read them (the seed also seeds touch patterns and sampling).</summary>
    public static IReadOnlyList<string> PolicyOnly { get; } = [Tick, AgingBits, ClockInsert, Window];
}
