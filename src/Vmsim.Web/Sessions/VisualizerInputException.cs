using Vmsim.Core.Workloads;

namespace Vmsim.Web.Sessions;

/// <summary>
/// Input the page sent that cannot be shown: a scenario that does not parse, a reference
/// string with a bad token, a workload over the step limit, a machine that cannot be built.
/// The page shows <see cref="Exception.Message"/>; line and column point into the input.
/// </summary>
internal sealed class VisualizerInputException : Exception
{
    public VisualizerInputException(string message, string? source = null, int line = 0, int column = 0)
        : base(message)
    {
        InputSource = source;
        Line = line;
        Column = column;
    }

    public VisualizerInputException()
    {
    }

    public VisualizerInputException(string message)
        : base(message)
    {
    }

    public VisualizerInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The input's name (file name, "reference string"), when known.</summary>
    public string? InputSource { get; }

    /// <summary>The 1-based line in the input, or 0.</summary>
    public int Line { get; }

    /// <summary>The 1-based column in the input, or 0.</summary>
    public int Column { get; }

    /// <summary>The error as the page shows it, keeping the line and column of a format error.</summary>
    public static VisualizerInputException From(InputFormatException e) => new(e.Message, e.Source, e.Line, e.Column);
}
