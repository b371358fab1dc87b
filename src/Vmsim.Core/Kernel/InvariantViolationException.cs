namespace Vmsim.Core.Kernel;

/// <summary>A kernel invariant does not hold: a bug in vmsim, reported with the state that broke it.</summary>
public sealed class InvariantViolationException : Exception
{
    /// <summary>Creates the exception with the broken invariant and the state, in words.</summary>
    public InvariantViolationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public InvariantViolationException()
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InvariantViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
