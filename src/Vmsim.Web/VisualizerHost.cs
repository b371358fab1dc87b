using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Vmsim.Web;

/// <summary>A running visualizer, as <see cref="VisualizerServer.StartAsync"/> returns it.</summary>
public sealed class VisualizerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal VisualizerHost(WebApplication app, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        Addresses = addresses;
    }

    /// <summary>The addresses it listens on, with the actual ports (a requested port 0 is resolved).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>Completes when the server has been asked to stop (by <see cref="StopAsync"/> or <paramref name="cancellationToken"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening and ends every session.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
