using System.Runtime.CompilerServices;

namespace Vmsim.Core.Kernel;

/// <summary>
/// The message of one invariant the <see cref="InvariantChecker"/> requires, written as an
/// interpolated string and formatted only when the invariant is broken: the checker tests
/// every frame and swap slot after every step, and a message made for each would cost more
/// than the test. When the invariant holds, not even the values in the message's holes are
/// worked out.
/// </summary>
[InterpolatedStringHandler]
internal ref struct InvariantMessage
{
    private DefaultInterpolatedStringHandler _text;

    /// <summary>Starts the message of an invariant that holds when <paramref name="holds"/> is true: an empty one, not to be formatted, if it does.</summary>
    public InvariantMessage(int literalLength, int formattedCount, bool holds, out bool broken)
    {
        broken = !holds;
        _text = broken ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    /// <summary>Appends the text between two holes.</summary>
    public void AppendLiteral(string text) => _text.AppendLiteral(text);

    /// <summary>Appends a hole's value, as a string interpolated with the current culture would.</summary>
    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    /// <summary>The message; the handler is spent.</summary>
    public string ToStringAndClear() => _text.ToStringAndClear();
}
