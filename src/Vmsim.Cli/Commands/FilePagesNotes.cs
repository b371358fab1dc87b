using Vmsim.Core.Replacement;

namespace Vmsim.Cli.Commands;

/// <summary>
/// Warnings for a setting that weighs anonymous pages against file pages (Linux's swappiness)
/// given to a run whose pages are all file pages: every page of a trace, and of a reference
/// string, is read from its process's backing file, so such a setting changes no count there.
/// </summary>
internal static class FilePagesNotes
{
    /// <summary>The notes for <paramref name="variants"/> run over file pages alone: one for each policy's setting given.</summary>
    public static List<string> For(IEnumerable<PolicyVariant> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        var notes = new List<string>();
        foreach (var variant in variants)
        {
            var info = PolicyCatalog.Find(variant.Policy);
            foreach (var parameter in info?.Tunables ?? [])
            {
                var note = $"{variant.Policy}'s {parameter.Name} weighs anonymous pages against file pages, and every page here is a file page (read from the process's backing file), so it changes no count.";
                if (parameter.AnonymousAgainstFile && variant.Options.Parameters.ContainsKey(parameter.Name) && !notes.Contains(note))
                {
                    notes.Add(note);
                }
            }
        }

        return notes;
    }
}
