using System.Security.Cryptography;

namespace Vmsim.Web.Sessions;

/// <summary>The open sessions, by id; when full, the least recently used is dropped.</summary>
internal sealed class SessionStore(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, VisualizerSession> _sessions = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Opens a session for <paramref name="workload"/> (see <see cref="VisualizerSession.Open"/>) and keeps it.</summary>
    public VisualizerSession Open(Workload workload)
    {
        var session = VisualizerSession.Open(NewId(), workload);
        lock (_gate)
        {
            while (_sessions.Count >= Math.Max(1, capacity))
            {
                var oldest = _sessions.Values.MinBy(s => s.LastUsed)!;
                _sessions.Remove(oldest.Id);
            }

            _sessions[session.Id] = session;
        }

        return session;
    }

    public VisualizerSession? Find(string id)
    {
        lock (_gate)
        {
            return _sessions.GetValueOrDefault(id);
        }
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
