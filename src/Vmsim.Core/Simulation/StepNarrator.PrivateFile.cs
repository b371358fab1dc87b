using System.Text;
using Vmsim.Core.Addressing;
using Vmsim.Core.Kernel;
using Vmsim.Core.Mmu;

namespace Vmsim.Core.Simulation;

/// <summary>The narrator's words for a private file mapping's read-only entry under a writable region.</summary>
public sealed partial class StepNarrator
{
    /// <summary>
    /// True when the access's fault mapped a page of a private (MAP_PRIVATE) file mapping that
    /// the region lets the process write, read-only and copy-on-write: the page is the page
    /// cache's, shared with the file and every other mapping of it, so a later write must copy it.
    /// </summary>
    internal static bool MappedPrivateFilePageReadOnly(in AccessEvent access) =>
        access.Region is { Shared: false, Backing.IsAnonymous: false } region
        && (region.Protection & Protection.Write) != 0
        && access.Fault is FaultKind.FileRead or FaultKind.PageCache
        && (access.EntryAfter.Flags & PteFlags.Cow) != 0
        && (access.EntryAfter.Flags & PteFlags.Write) == 0;

    /// <summary>Why such a page is mapped read-only under a writable region, as a sentence.</summary>
    internal const string PrivateFileReadOnlyText =
        "The region is a private file mapping (MAP_PRIVATE), so the kernel mapped the page cache's page itself, read-only and copy-on-write although the region is writable: a later write copies it into a frame of this process's own, and the file never sees the change.";

    // After a read fault on a private file mapping's writable region: why the entry is r--.
    private static void AppendPrivateFileReadOnly(StringBuilder text, in AccessEvent access)
    {
        if (MappedPrivateFilePageReadOnly(access))
        {
            text.Append(' ').Append(PrivateFileReadOnlyText);
        }
    }
}
