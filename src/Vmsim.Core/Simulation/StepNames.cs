using System.Globalization;

namespace Vmsim.Core.Simulation;

/// <summary>
/// How the narration of a trace's replay names the step at which a TLB entry left: by the access
/// it was, as the step table's Event column numbers the trace's accesses ("at access 9"), or, for
/// a step that was no access (a process starting, a context switch), by the access it came before
/// ("before access 9"). A scenario's narration names steps by the table's # column instead
/// ("at step 12"), and needs none of this.
/// </summary>
internal sealed class StepNames
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
            return $"at access {((_accessesUpTo.Count == 0 ? 0 : _accessesUpTo[^1]) + 1).ToString(CultureInfo.InvariantCulture)}";
        }

        var before = step >= 2 ? _accessesUpTo[step - 2] : 0;
        var upTo = _accessesUpTo[step - 1];
        return upTo > before
            ? $"at access {upTo.ToString(CultureInfo.InvariantCulture)}"
            : $"before access {(upTo + 1).ToString(CultureInfo.InvariantCulture)}";
    }
}
