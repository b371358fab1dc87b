namespace Vmsim.Core.Addressing;

/// <summary>What an instruction does with a memory location.</summary>
public enum AccessKind : byte
{
    /// <summary>A load.</summary>
    Read = 0,

    /// <summary>A store.</summary>
    Write = 1,

    /// <summary>An instruction fetch.</summary>
    Execute = 2,
}
