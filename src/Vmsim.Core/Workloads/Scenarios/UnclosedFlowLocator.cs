using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>
/// Finds where a YAML text opens a flow collection (<c>[</c> or <c>{</c>) that it never
/// closes. YamlDotNet reports that case with an <see cref="InvalidOperationException"/>
/// and no position when more lines follow; this gives the scenario reader a line and
/// column to name.
/// </summary>
internal static class UnclosedFlowLocator
{
    /// <summary>The 1-based line and column of the innermost flow collection still open where parsing failed, else of the last event read.</summary>
    public static (int Line, int Column) Locate(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var open = new Stack<Mark>();
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.Start;
                switch (current)
                {
                    case SequenceStart { Style: SequenceStyle.Flow }:
                    case MappingStart { Style: MappingStyle.Flow }:
                        open.Push(current.Start);
                        break;
                    case SequenceEnd or MappingEnd when open.Count > 0 && IsFlowEnd(yaml, current.Start):
                        open.Pop();
                        break;
                    default:
                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Where it stopped is what is wanted.
        }

        var mark = open.Count > 0 ? open.Peek() : last;
        return ((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));
    }

    private static bool IsFlowEnd(string yaml, Mark end) =>
        end.Index >= 0 && end.Index < yaml.Length && yaml[(int)end.Index] is ']' or '}';
}
