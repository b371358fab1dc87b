using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vmsim.Web.Api;
using Vmsim.Web.Sessions;

namespace Vmsim.Web;

/// <summary>
/// <c>vmsim serve</c>: the interactive visualizer. A small web server whose page steps a
/// workload through the simulator (which runs here, in Core) and draws the machine's state
/// after each step. It listens on loopback unless told otherwise.
/// </summary>
public static class VisualizerServer
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    /// <summary>
    /// Serves the visualizer until <paramref name="cancellationToken"/> is cancelled, telling
    /// <see cref="VisualizerOptions.Output"/> where to point a browser. Returns 0 after a
    /// normal stop, 2 when it cannot listen (bad URL, port in use), with the reason on
    /// <see cref="VisualizerOptions.Error"/>.
    /// </summary>
    public static async Task<int> RunAsync(VisualizerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        VisualizerHost host;
        try
        {
            host = await StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (VisualizerStartException e)
        {
            options.Error?.WriteLine($"vmsim serve: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        await using (host.ConfigureAwait(false))
        {
            foreach (var address in host.Addresses)
            {
                options.Output?.WriteLine($"vmsim visualizer: open {address} in a browser (Ctrl+C stops it)");
            }

            if (!AllLoopback(options.Urls))
            {
                options.Output?.WriteLine("vmsim visualizer: listening beyond this computer: anyone who can reach it on the network can use the page");
            }

            try
            {
                await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Asked to stop: a normal end.
            }
        }

        return 0;
    }

    /// <summary>
    /// Starts the visualizer and returns once it listens; <see cref="VisualizerHost.Addresses"/>
    /// gives the actual addresses (use <c>http://127.0.0.1:0</c> for a free port, as tests do).
    /// Throws <see cref="VisualizerStartException"/> when it cannot listen.
    /// </summary>
    public static async Task<VisualizerHost> StartAsync(VisualizerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var urls = CheckUrls(options.Urls);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(VisualizerServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The largest trace file arrives in base64, 4 characters for 3 bytes: 24 MiB for 16 MiB.
            kestrel.Limits.MaxRequestBodySize = WorkloadLoader.MaxTraceBytes / 2 * 3;
        });
        builder.WebHost.UseUrls([.. urls]);
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging(logging => logging.ClearProviders());
        if (AllLoopback(urls))
        {
            // A page on loopback answers only to loopback names, so that no web site can
            // reach it through a name of its own that resolves to 127.0.0.1 (DNS rebinding).
            builder.Services.AddHostFiltering(filter =>
            {
                filter.AllowedHosts = [.. LoopbackNames.Concat(urls.Select(u => new Uri(u).Host)).Distinct()];
                filter.IncludeFailureMessage = true;
            });
        }

        var app = builder.Build();
        var sessions = new SessionStore(options.MaxSessions);
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                options.Error?.WriteLine($"vmsim serve: internal error on {context.Request.Path}: {e}");
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsJsonAsync(
                    ErrorResponse.Of($"the visualizer failed on this request ({e.GetType().Name}: {e.Message}); this is a bug in vmsim"),
                    new JsonSerializerOptions(JsonSerializerDefaults.Web),
                    context.RequestAborted).ConfigureAwait(false);
            }
        });
        if (AllLoopback(urls))
        {
            app.UseHostFiltering();
        }

        app.UseRouting();
        Endpoints.Map(app, options, sessions);
        StaticAssets.Map(app);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new VisualizerStartException($"cannot listen on {string.Join(", ", urls)}: {e.Message}", e);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return new VisualizerHost(app, [.. bound.Select(a => new Uri(a.Replace("://[::]", "://localhost", StringComparison.Ordinal)))]);
    }

    private static List<string> CheckUrls(IReadOnlyList<string> urls)
    {
        if (urls is null || urls.Count == 0)
        {
            return [VisualizerOptions.DefaultUrl];
        }

        var checkedUrls = new List<string>();
        foreach (var url in urls.SelectMany(u => u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new VisualizerStartException($"'{url}' is not a URL to listen on; expected one such as {VisualizerOptions.DefaultUrl} (plain http)");
            }

            checkedUrls.Add(url);
        }

        return checkedUrls;
    }

    private static bool AllLoopback(IEnumerable<string> urls) => urls.All(u =>
        Uri.TryCreate(u, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))));
}

/// <summary>The visualizer cannot start: a URL it cannot use, or an address already in use.</summary>
public sealed class VisualizerStartException : Exception
{
    /// <summary>Creates the error.</summary>
    public VisualizerStartException()
    {
    }

    /// <summary>Creates the error with a message for a person.</summary>
    public VisualizerStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public VisualizerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
