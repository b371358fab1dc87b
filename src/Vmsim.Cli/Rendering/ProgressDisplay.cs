using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Vmsim.Cli.Rendering;

/// <summary>What a progress bar shows at one moment.</summary>
/// <param name="Phase">What is being done; a new phase starts a new bar.</param>
/// <param name="Detail">Counts and rates after the phase, such as "12.3 M accesses, 4.1 M/s".</param>
/// <param name="Value">How far along, in the unit of <paramref name="Max"/>.</param>
/// <param name="Max">The whole, or null when unknown (a pipe): the bar then only shows that work goes on.</param>
internal readonly record struct ProgressView(string Phase, string Detail, double Value, double? Max);

/// <summary>
/// A progress bar on standard error for work that takes more than a second: the work runs on
/// its own thread while this one draws. Nothing is drawn when there is no progress console
/// (standard error redirected or piped, <c>--json</c>, tests), so output never depends on it.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>How long work runs before a bar appears.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="work"/> and returns its result; if it takes longer than <see cref="Delay"/>
    /// and <paramref name="console"/> is not null, shows a bar from <paramref name="poll"/> meanwhile.
    /// Exceptions of the work are rethrown as they are.
    /// </summary>
    public static T Run<T>(IAnsiConsole? console, Func<ProgressView> poll, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(poll);
        ArgumentNullException.ThrowIfNull(work);
        if (console is null)
        {
            return work();
        }

        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Task.WhenAny(task, Task.Delay(Delay)).GetAwaiter().GetResult();
        if (!task.IsCompleted)
        {
            Draw(console, poll, task);
        }

        return task.GetAwaiter().GetResult();
    }

    /// <summary>A count in thousands, millions or billions: "950", "12.3 K", "4.56 M".</summary>
    public static string Count(double value) => value switch
    {
        < 1e3 => value.ToString("0", CultureInfo.InvariantCulture),
        < 1e6 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + " K",
        < 1e9 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + " M",
        _ => (value / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + " G",
    };

    /// <summary>A rate per second from a count and the time taken: "4.1 M <paramref name="unit"/>/s".</summary>
    public static string Rate(long count, Stopwatch clock, string unit)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var seconds = clock.Elapsed.TotalSeconds;
        return seconds <= 0 ? "-" : $"{Count(count / seconds)} {unit}/s";
    }

    private static void Draw(IAnsiConsole console, Func<ProgressView> poll, Task task)
    {
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask? bar = null;
                string? phase = null;
                while (!task.IsCompleted)
                {
                    var view = poll();
                    if (view.Phase != phase)
                    {
                        if (bar is not null)
                        {
                            bar.Value = bar.MaxValue;
                            bar.StopTask();
                        }

                        phase = view.Phase;
                        bar = context.AddTask(Markup.Escape(view.Phase), maxValue: view.Max is > 0 ? view.Max.Value : 1);
                        bar.IsIndeterminate = view.Max is not > 0;
                    }

                    bar!.Description = Markup.Escape($"{view.Phase}: {view.Detail}");
                    if (view.Max is > 0)
                    {
                        bar.MaxValue = view.Max.Value;
                        bar.Value = Math.Min(view.Value, view.Max.Value);
                    }

                    context.Refresh();
                    Task.WhenAny(task, Task.Delay(200)).GetAwaiter().GetResult();
                }
            });
    }
}

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (the BCL's posts to a context).</summary>
internal sealed class ProgressCallback(Action<long> report) : IProgress<long>
{
    /// <inheritdoc/>
    public void Report(long value) => report(value);
}
