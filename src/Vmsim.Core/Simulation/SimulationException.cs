namespace Vmsim.Core.Simulation;

/// <summary>
/// A request the simulated machine cannot carry out because of what it was asked (an
/// mmap over an existing region, an access by a process that has ended, ...): an error
/// in the workload, reported to the user in words, never a bug in vmsim.
/// </summary>
public sealed class SimulationException : Exception
{
    /// <summary>Creates the exception with a message for people.</summary>
    public SimulationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public SimulationException()
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SimulationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
