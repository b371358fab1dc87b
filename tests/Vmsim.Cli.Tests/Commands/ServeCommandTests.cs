using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vmsim.Cli.Tests.Commands;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_answers_with_the_visualizer_page_on_the_given_loopback_address()
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Cli.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vmsim.dll"));
        foreach (var arg in new[] { "serve", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            string? page = null;
            for (var attempt = 0; attempt < 100 && page is null; attempt++)
            {
                try
                {
                    page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"));
                }
                catch (HttpRequestException)
                {
                    if (process.HasExited)
                    {
                        Assert.Fail($"vmsim serve exited early: {await process.StandardError.ReadToEndAsync()}");
                    }

                    await Task.Delay(200);
                }
            }

            Assert.NotNull(page);
            Assert.Contains("vmsim", page, StringComparison.OrdinalIgnoreCase);
            Assert.Contains($"http://127.0.0.1:{port}", await ReadLineAsync(process.StandardOutput));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void An_address_that_cannot_be_listened_on_is_one_line_and_exit_2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var result = Cli.Run("serve", "--urls", $"http://127.0.0.1:{port}");
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("vmsim serve:", line, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> ReadLineAsync(StreamReader reader) =>
        await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) ?? string.Empty;
}
