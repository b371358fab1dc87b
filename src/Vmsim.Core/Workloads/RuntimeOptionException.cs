namespace Vmsim.Core.Workloads;

/// <summary>
/// A runtime option that vmsim needs to read its input correctly is not in effect in this
/// process (the runtime reads such options once, from the program's runtimeconfig): neither bad
/// input nor a bug in vmsim, but how the process was set up. The message names the option and
/// where to set it.
/// </summary>
public sealed class RuntimeOptionException : InvalidOperationException
{
    /// <summary>Creates the error with a message naming the option and where to set it.</summary>
    public RuntimeOptionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with no message.</summary>
    public RuntimeOptionException()
    {
    }

    /// <summary>Creates the error with a message and a cause.</summary>
    public RuntimeOptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
