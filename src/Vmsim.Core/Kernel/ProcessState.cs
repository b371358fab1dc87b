namespace Vmsim.Core.Kernel;

/// <summary>How a process stands, or how it ended.</summary>
public enum ProcessState
{
    /// <summary>Alive.</summary>
    Running,

    /// <summary>Ended by its own exit.</summary>
    Exited,

    /// <summary>Killed by a segmentation fault.</summary>
    Segv,

    /// <summary>Killed by the out-of-memory killer.</summary>
    Oom,
}
