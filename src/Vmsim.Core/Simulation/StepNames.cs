using System.Globalization;

namespace Vmsim.Core.Simulation;

/// <summary>
/// How the narration of a trace's replay names the step at which a TLB entry left: by the access
/// it was, as the step table's Event column numbers the trace's accesses ("at access 9"), or, for
/// a step that was no access (a process starting, a context switch), by the access it came before
/// ("before access 9"). A scenario's narration names steps by the table's # column instead
/// ("at step 12"), and needs none of this.
/// </summary>
public sealed class StepNames : IStepNames
{
    // For each step recorded, in order, how many of the steps up to it were accesses.
    private readonly List<int> _accessesUpTo = [];

    /// <summary>Notes the step just recorded, an access or not.</summary>
    public void Recorded(bool access) => _accessesUpTo.Add((_accessesUpTo.Count == 0 ? 0 : _accessesUpTo[^1]) + (access ? 1 : 0));

    /// <summary>
    /// "at access 9" for step <paramref name="step"/> (numbered from 1, as the step table numbers
    /// it) when it was the trace's 9th access, "before access 9" for a step that was no access and
    /// came before it; a step not recorded yet is the access being narrated.
    /// </summary>
    public string At(int step)
    {
        if (step > _accessesUpTo.Count)
        {
            return AtAccess((_accessesUpTo.Count == 0 ? 0 : _accessesUpTo[^1]) + 1);
        }

        var before = step >= 2 ? _accessesUpTo[step - 2] : 0;
        var upTo = _accessesUpTo[step - 1];
        return upTo > before ? AtAccess(upTo) : BeforeAccess(upTo + 1);
    }

    /// <summary>The context switch of step <paramref name="step"/>, a step of its own that was no access: "before access 9".</summary>
    public string Switch(int step) => At(step);

    /// <summary>"at access 9": the trace's <paramref name="access"/>-th access.</summary>
    public static string AtAccess(long access) => $"at access {access.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"before access 9": a step that was no access, before the trace's <paramref name="access"/>-th.</summary>
    public static string BeforeAccess(long access) => $"before access {access.ToString(CultureInfo.InvariantCulture)}";
}
