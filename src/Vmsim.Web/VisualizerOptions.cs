namespace Vmsim.Web;

/// <summary>How <c>vmsim serve</c> runs: where it listens and where it reports.</summary>
public sealed record VisualizerOptions
{
    /// <summary>The address the visualizer listens on when none is given: loopback only, port 5000.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>
    /// The URLs to listen on (plain HTTP), such as <c>http://127.0.0.1:5000</c>. Port 0 picks a
    /// free port (see <see cref="VisualizerHost.Addresses"/>). A host other than a loopback
    /// address exposes the page to the network, and the server says so when it starts.
    /// </summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>Where the server says where it listens; null for silence.</summary>
    public TextWriter? Output { get; init; } = Console.Out;

    /// <summary>Where the server reports problems (a port in use, an internal error); null for silence.</summary>
    public TextWriter? Error { get; init; } = Console.Error;

    /// <summary>
    /// The most steps a workload may have to be stepped through on the page (an access or an
    /// operation is one step). Larger workloads are refused with a message that says so.
    /// </summary>
    public int MaxSteps { get; init; } = 200_000;

    /// <summary>The most sessions (open pages) kept at once; the least recently used goes first.</summary>
    public int MaxSessions { get; init; } = 16;
}
