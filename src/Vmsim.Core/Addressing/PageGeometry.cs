using System.Numerics;

namespace Vmsim.Core.Addressing;

/// <summary>
/// The shape of the simulated machine's virtual addresses: the page size and the
/// radix page table's levels, each indexed by a number of address bits. A virtual
/// address is <c>[root's index | ... | leaf's index | page offset]</c>; the methods that
/// take a level count it from 0 at the root of the walk (the tables' names count as the
/// architecture counts them).
/// </summary>
public sealed class PageGeometry
{
    private readonly int[] _levelBits;
    private readonly string[] _levelNames;

    /// <summary>The smallest page size, in bytes.</summary>
    public const int MinPageSize = 256;

    /// <summary>The largest page size, in bytes: 1 GiB, as x86-64's largest huge page.</summary>
    public const int MaxPageSize = 1 << 30;

    /// <summary>
    /// What a page size must be, in the words every message about one uses (the scenario's
    /// <c>page-size</c>, the command line's <c>--page-size</c>): "expected " and this.
    /// </summary>
    public const string PageSizeRule = "a power of two from 256 bytes to 1G, such as 4096 or 4K";

    /// <summary>True when <paramref name="bytes"/> is a page size a geometry takes (<see cref="PageSizeRule"/>).</summary>
    public static bool IsPageSize(long bytes) => bytes is >= MinPageSize and <= MaxPageSize && BitOperations.IsPow2(bytes);

    private static void RequirePageSize(int pageSize)
    {
        if (!IsPageSize(pageSize))
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"expected a page size of {PageSizeRule}, found {pageSize}");
        }
    }

    /// <summary>Creates a geometry; the page size must be one <see cref="IsPageSize"/> takes.</summary>
    /// <param name="pageSize">Bytes in one page.</param>
    /// <param name="levelBits">Address bits consumed by each page-table level, root first.</param>
    /// <param name="name">A name for reports, such as the preset's.</param>
    /// <param name="levelNames">
    /// The tables' names, root first, as the architecture names them (x86-64's PML4, PDPT,
    /// PD, PT), one per level; by default counted from the leaf, as x86 counts them: "level n"
    /// for the root down to "level 1" for the table whose entries map the pages.
    /// </param>
    public PageGeometry(int pageSize, IReadOnlyList<int> levelBits, string? name = null, IReadOnlyList<string>? levelNames = null)
    {
        ArgumentNullException.ThrowIfNull(levelBits);
        if (levelNames is not null && levelNames.Count != levelBits.Count)
        {
            throw new ArgumentException($"expected a name for each of the {levelBits.Count} levels, found {levelNames.Count}", nameof(levelNames));
        }

        RequirePageSize(pageSize);

        if (levelBits.Count == 0 || levelBits.Any(b => b < 1 || b > 20))
        {
            throw new ArgumentOutOfRangeException(nameof(levelBits), "each page-table level takes 1 to 20 address bits, and there is at least one level");
        }

        OffsetBits = BitOperations.Log2((uint)pageSize);
        if (OffsetBits + levelBits.Sum() > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(levelBits), "the levels and the page offset together exceed 64 address bits");
        }

        PageSize = pageSize;
        _levelBits = [.. levelBits];
        _levelNames = levelNames is null ? [.. Enumerable.Range(1, _levelBits.Length).Reverse().Select(l => $"level {l}")] : [.. levelNames];
        PageNumberBits = _levelBits.Sum();
        Name = name ?? $"{pageSize}B/{string.Join('+', _levelBits)}";
    }

    /// <summary>x86-64 with 4-level paging: 4 levels of 9 bits over 4 KiB pages (48-bit addresses).</summary>
    public static PageGeometry X64 => new(4096, [9, 9, 9, 9], "x86-64", ["PML4", "PDPT", "PD", "PT"]) { SignExtended = true, NonCanonicalIsGeneralProtection = true };

    /// <summary>x86-64 with 5-level paging (LA57): 5 levels of 9 bits over 4 KiB pages (57-bit addresses).</summary>
    public static PageGeometry X64FiveLevel => new(4096, [9, 9, 9, 9, 9], "x86-64-5level", ["PML5", "PML4", "PDPT", "PD", "PT"]) { SignExtended = true, NonCanonicalIsGeneralProtection = true };

    /// <summary>32-bit x86 without PAE: a 10-bit directory (PD) and a 10-bit table (PT) over 4 KiB pages.</summary>
    public static PageGeometry X86 => new(4096, [10, 10], "x86-32", ["PD", "PT"]);

    /// <summary>RISC-V Sv39: 3 levels of 9 bits over 4 KiB pages (39-bit addresses), indexed by VPN[2], VPN[1] and VPN[0].</summary>
    public static PageGeometry Sv39 => new(4096, [9, 9, 9], "sv39", ["VPN[2]", "VPN[1]", "VPN[0]"]) { SignExtended = true };

    /// <summary>The names accepted by <see cref="FromPreset"/>.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["x86-64", "x86-64-5level", "x86-32", "sv39"];

    /// <summary>Returns the preset of that name, or null.</summary>
    public static PageGeometry? FromPreset(string name) => name.ToLowerInvariant() switch
    {
        "x86-64" or "x86_64" or "amd64" => X64,
        "x86-64-5level" or "x86_64_5level" or "la57" => X64FiveLevel,
        "x86-32" or "x86_32" or "i386" => X86,
        "sv39" => Sv39,
        _ => null,
    };

    /// <summary>
    /// Keeps this geometry's address width but uses another page size, as the hardware does
    /// for its large pages: the offset bits change and the lowest levels give or take the
    /// difference. A larger page takes bits from the last level, and a level left with none is
    /// gone (x86-64 with 2 MiB pages walks three levels of 9 bits, PML4, PDPT and PD, the last
    /// of them mapping the page); a smaller page widens the last level (16 KiB pages leave
    /// x86-64 a 7-bit last level, 1 KiB pages an 11-bit one). At least one level stays, and the
    /// levels that stay keep their names.
    /// </summary>
    public PageGeometry WithPageSize(int pageSize)
    {
        if (pageSize == PageSize)
        {
            return this;
        }

        RequirePageSize(pageSize);

        var bits = _levelBits.ToList();
        var delta = BitOperations.Log2((uint)pageSize) - OffsetBits;
        for (var level = bits.Count - 1; level >= 0 && delta != 0; level--)
        {
            var take = Math.Clamp(delta, -(20 - bits[level]), level == 0 ? bits[level] - 1 : bits[level]);
            bits[level] -= take;
            delta -= take;
            if (bits[level] == 0)
            {
                bits.RemoveAt(level);
            }
        }

        return new PageGeometry(pageSize, bits, Name, _levelNames[..bits.Count]) { SignExtended = SignExtended, NonCanonicalIsGeneralProtection = NonCanonicalIsGeneralProtection };
    }

    /// <summary>A name for reports.</summary>
    public string Name { get; }

    /// <summary>Bytes in one page.</summary>
    public int PageSize { get; }

    /// <summary>Bits of the page offset (log2 of the page size).</summary>
    public int OffsetBits { get; }

    /// <summary>Number of page-table levels.</summary>
    public int Levels => _levelBits.Length;

    /// <summary>Address bits consumed by each level, root first.</summary>
    public IReadOnlyList<int> LevelBits => _levelBits;

    /// <summary>The name of each level's table, root first (x86-64: PML4, PDPT, PD, PT).</summary>
    public IReadOnlyList<string> LevelNames => _levelNames;

    /// <summary>Bits of a virtual page number (the sum of the level bits).</summary>
    public int PageNumberBits { get; }

    /// <summary>Bits of a virtual address.</summary>
    public int AddressBits => OffsetBits + PageNumberBits;

    /// <summary>The number of virtual pages in an address space.</summary>
    public ulong PageCount => PageNumberBits >= 64 ? ulong.MaxValue : 1UL << PageNumberBits;

    /// <summary>The highest address of the address space.</summary>
    public ulong LastAddress => AddressBits >= 64 ? ulong.MaxValue : (1UL << AddressBits) - 1;

    /// <summary>True when <paramref name="address"/> lies inside the address space this geometry can translate.</summary>
    public bool Contains(VirtualAddress address) => address.Value <= LastAddress;

    /// <summary>
    /// True when the architecture sign-extends its addresses, so that an address is valid
    /// (canonical) only when every bit above the top one the page table translates copies
    /// that bit: x86-64's canonical addresses (bits 63–48 equal to bit 47; bits 63–57 equal to
    /// bit 56 with 5-level paging), and RISC-V's Sv39 (bits 63–39 equal to bit 38). The
    /// canonical addresses with those bits set are the upper half, the kernel's, which vmsim
    /// does not simulate: its address spaces are a process's, from 0 to <see cref="LastAddress"/>.
    /// False for x86-32, whose addresses are 32 bits, and for levels given by hand.
    /// </summary>
    public bool SignExtended { get; private init; }

    /// <summary>
    /// True when the processor refuses an address that is not canonical with a general-protection
    /// fault (#GP) before any walk, as x86-64 does; false where it is a page fault like any other
    /// (RISC-V's Sv39 raises a load, store or instruction page fault).
    /// </summary>
    public bool NonCanonicalIsGeneralProtection { get; private init; }

    /// <summary>
    /// True when <paramref name="address"/> is a canonical address of the kernel's upper half
    /// (<see cref="SignExtended"/>): the top bit the page table translates and every bit above
    /// it are set.
    /// </summary>
    public bool InKernelHalf(VirtualAddress address) =>
        SignExtended && AddressBits < 64 && address.Value >> (AddressBits - 1) == ulong.MaxValue >> (AddressBits - 1);

    /// <summary>
    /// Why <paramref name="address"/>, which the address space does not contain, cannot be
    /// translated, in the words every message about one uses: in the kernel half of the
    /// canonical address space ("in the kernel half of the canonical address space of x86-64;
    /// vmsim simulates user address spaces, 0x0 to 0xffffffffffff"), not canonical ("not
    /// canonical on x86-64: bits 63–48 must all equal bit 47"), or, without sign extension,
    /// beyond the address bits ("outside the 32-bit address space of x86-32").
    /// </summary>
    public string Outside(VirtualAddress address) =>
        InKernelHalf(address) ? $"in the kernel half of the canonical address space of {Name}; vmsim simulates user address spaces, {UserRange}"
        : SignExtended ? $"not canonical on {Name}: bits 63–{AddressBits} must all equal bit {AddressBits - 1}"
        : $"outside the {AddressBits}-bit address space of {Name}";

    /// <summary>The addresses of the address space, as a range: "0x0 to 0xffffffffffff".</summary>
    public string UserRange => $"0x0 to 0x{LastAddress:x}";

    /// <summary>The page that holds <paramref name="address"/>.</summary>
    public PageNumber PageOf(VirtualAddress address) => new(address.Value >> OffsetBits);

    /// <summary>The first address of <paramref name="page"/>.</summary>
    public VirtualAddress AddressOf(PageNumber page) => new(page.Value << OffsetBits);

    /// <summary>True when <paramref name="page"/> lies inside the address space this geometry can translate.</summary>
    public bool Contains(PageNumber page) => PageNumberBits >= 64 || page.Value < (1UL << PageNumberBits);

    /// <summary>The byte of its page that <paramref name="address"/> names.</summary>
    public ulong OffsetOf(VirtualAddress address) => address.Value & ((ulong)PageSize - 1);

    /// <summary>The index into the table at <paramref name="level"/> (0 = root) for <paramref name="page"/>.</summary>
    public int IndexAt(PageNumber page, int level) =>
        (int)((page.Value >> (LowBitOf(level) - OffsetBits)) & ((1UL << _levelBits[level]) - 1));

    /// <summary>The lowest address bit of the index at <paramref name="level"/> (0 = root): x86-64's PML4 index is bits 47 to 39, so 39.</summary>
    public int LowBitOf(int level)
    {
        var low = OffsetBits;
        for (var l = _levelBits.Length - 1; l > level; l--)
        {
            low += _levelBits[l];
        }

        return low;
    }

    /// <summary>
    /// <paramref name="address"/> cut as the MMU cuts it: the index into each level's table,
    /// root first, and the offset in the page. Throws <see cref="ArgumentOutOfRangeException"/>
    /// when the address lies outside the address space (<see cref="Contains(VirtualAddress)"/>).
    /// </summary>
    public AddressSplit Split(VirtualAddress address)
    {
        if (!Contains(address))
        {
            throw new ArgumentOutOfRangeException(nameof(address), address, $"the address lies outside the {AddressBits}-bit address space of {Name}");
        }

        var page = PageOf(address);
        var levels = new LevelIndex[_levelBits.Length];
        for (var level = 0; level < levels.Length; level++)
        {
            levels[level] = new LevelIndex(level, _levelNames[level], _levelBits[level], LowBitOf(level), IndexAt(page, level));
        }

        return new AddressSplit(address, page, OffsetOf(address), levels);
    }
}
