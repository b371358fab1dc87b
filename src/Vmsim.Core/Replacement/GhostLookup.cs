namespace Vmsim.Core.Replacement;

/// <summary>
/// What the owner of a <see cref="GhostTable"/> lets others do with it: find a page's slot,
/// and forget pages by page, address space or object, each through the owner's own forgetting
/// of the slot, so that the owner's lists lose it too. Adding and removing slots, which must
/// go with the owner's lists, stay with the owner (<see cref="GhostQueue"/>,
/// <see cref="ArcGhostLists"/>). A struct over the table: a call costs what a call of the
/// table's own method does.
/// </summary>
internal readonly struct GhostLookup
{
    private readonly GhostTable _table;

    /// <summary>The lookup of <paramref name="table"/>.</summary>
    public GhostLookup(GhostTable table) => _table = table;

    /// <inheritdoc cref="GhostTable.Find"/>
    public int Find(PageIdentity page) => _table.Find(page);

    /// <inheritdoc cref="GhostTable.Forget"/>
    public void Forget(PageIdentity page) => _table.Forget(page);

    /// <inheritdoc cref="GhostTable.ForgetAddressSpace"/>
    public void ForgetAddressSpace(int asid) => _table.ForgetAddressSpace(asid);

    /// <inheritdoc cref="GhostTable.ForgetObject"/>
    public void ForgetObject(int file) => _table.ForgetObject(file);

    /// <inheritdoc cref="GhostTable.Remembers"/>
    public bool Remembers(int asid) => _table.Remembers(asid);

    /// <inheritdoc cref="GhostTable.RemembersObject"/>
    public bool RemembersObject(int file) => _table.RemembersObject(file);
}
