using Spectre.Console;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// Lines of the form "Label: text" above a run's figures (the trace, the reference string, the
/// machine, notes), the label in <see cref="Styles.Label"/>.
/// </summary>
internal static class LabelledLines
{
    /// <summary>Writes <paramref name="label"/> and <paramref name="text"/> as one paragraph, then ends the line.</summary>
    public static void WriteLabelled(this IAnsiConsole console, string label, string text)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Write(new Paragraph(label, Styles.Label).Append(text));
        console.WriteLine();
    }

    /// <summary>Writes each of <paramref name="notes"/> as a "Note: " line.</summary>
    public static void WriteNotes(this IAnsiConsole console, IEnumerable<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        foreach (var note in notes)
        {
            console.WriteLabelled("Note: ", note);
        }
    }

    /// <summary>
    /// Writes each of <paramref name="notes"/> as a "vmsim: note: " line, as vmsim's other lines
    /// on standard error begin "vmsim: ": for output that only a program reads and that has no
    /// place for notes (CSV on standard output).
    /// </summary>
    public static void WriteNotes(this TextWriter writer, IEnumerable<string> notes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(notes);
        foreach (var note in notes)
        {
            writer.WriteLine($"vmsim: note: {note}");
        }
    }
}
