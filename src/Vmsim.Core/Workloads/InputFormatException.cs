namespace Vmsim.Core.Workloads;

/// <summary>
/// Input a person gave that vmsim cannot read: a reference string, a scenario, a trace.
/// The message names where (source, line, column) and what was expected and found.
/// </summary>
public sealed class InputFormatException : Exception
{
    /// <summary>Creates the error at a place in an input.</summary>
    /// <param name="source">The file name, or a description such as "reference string".</param>
    /// <param name="line">The 1-based line, or 0 when the input has no lines.</param>
    /// <param name="column">The 1-based column, or 0 when unknown.</param>
    /// <param name="problem">What was expected and what was found.</param>
    public InputFormatException(string source, int line, int column, string problem)
        : base(Format(source, line, column, problem))
    {
        Source = source;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>Creates the error with no place.</summary>
    public InputFormatException()
    {
        Problem = string.Empty;
    }

    /// <summary>Creates the error with a message and no place.</summary>
    public InputFormatException(string message)
        : base(message)
    {
        Problem = message;
    }

    /// <summary>Creates the error with a message and a cause.</summary>
    public InputFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    /// <summary>The 1-based line, or 0.</summary>
    public int Line { get; }

    /// <summary>The 1-based column, or 0.</summary>
    public int Column { get; }

    /// <summary>What was expected and what was found.</summary>
    public string Problem { get; }

    private static string Format(string source, int line, int column, string problem) =>
        line > 0 && column > 0 ? $"{source}:{line}:{column}: {problem}"
        : line > 0 ? $"{source}:{line}: {problem}"
        : column > 0 ? $"{source}, column {column}: {problem}"
        : $"{source}: {problem}";
}
