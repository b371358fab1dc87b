using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace Vmsim.Core.Workloads.Scenarios;

/// <summary>
/// Finds where YamlDotNet's scanner stops on a text it refuses. A few of its errors (a tab
/// used as indentation) carry no position of their own, only the start of the file; the
/// scanner's cursor, read where it gave up, is the place to name.
/// </summary>
internal static class ScannerStopLocator
{
    /// <summary>Where scanning <paramref name="yaml"/> fails (the character it could not take, or the error token it made), or null when it scans to the end.</summary>
    public static Mark? Locate(string yaml)
    {
        var scanner = new Scanner(new StringReader(yaml));
        try
        {
            while (scanner.MoveNext())
            {
                // The scanner queues some errors as tokens for the parser to raise, and would
                // go on queueing the same one: it has stopped there.
                if (scanner.Current is Error error)
                {
                    return error.Start;
                }
            }
        }
        catch (YamlException)
        {
            return scanner.CurrentPosition;
        }

        return null;
    }
}
