using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vmsim.Core;

namespace Vmsim.Cli.Rendering;

/// <summary>What a progress bar shows at one moment.</summary>
/// <param name="Phase">What is being done, such as "replaying"; a new phase or subject starts a new bar.</param>
/// <param name="Subject">What it is done to (a trace's path), or null.</param>
/// <param name="Detail">Counts and rates, such as "12.3 M accesses, 4.1 M/s".</param>
/// <param name="Value">How far along, in the unit of <paramref name="Max"/>.</param>
/// <param name="Max">The whole, or null when unknown (a pipe): the bar then only shows that work goes on.</param>
internal readonly record struct ProgressView(string Phase, string? Subject, string Detail, double Value, double? Max)
{
    /// <summary>
    /// The bar's description in at most <paramref name="width"/> characters: "phase subject:
    /// detail", or where that is too long the subject's file name alone, then without the
    /// phase, then with the file name shortened in its middle. The detail is kept whole.
    /// </summary>
    public string Describe(int width)
    {
        var name = Subject is null ? null : Path.GetFileName(Subject);
        string[] candidates =
        [
            Subject is null ? $"{Phase}: {Detail}" : $"{Phase} {Subject}: {Detail}",
            name is null ? $"{Phase}: {Detail}" : $"{Phase} {name}: {Detail}",
            name is null ? Detail : $"{name}: {Detail}",
        ];
        foreach (var candidate in candidates)
        {
            if (candidate.Length <= width)
            {
                return candidate;
            }
        }

        var room = width - Detail.Length - 2;
        if (name is null || room < 5)
        {
            return Detail;
        }

        // Keep the start and more of the end of the name, where a trace's format shows.
        var head = (room - 1) / 3;
        return $"{name[..head]}…{name[^(room - 1 - head)..]}: {Detail}";
    }
}

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

    /// <summary>A rate per second from a count and the time taken: "4.1 M/s".</summary>
    public static string Rate(long count, Stopwatch clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var seconds = clock.Elapsed.TotalSeconds;
        return seconds <= 0 ? "-" : $"{Count(count / seconds)}/s";
    }

    /// <summary>A count of accesses and their rate: "12.3 M accesses, 4.1 M/s".</summary>
    public static string Accesses(long count, Stopwatch clock) => $"{Count(count)} {Plural.Noun(count, "access")}, {Rate(count, clock)}";

    /// <summary>
    /// How wide the bar itself is and how many characters its description may take on a
    /// console <paramref name="width"/> wide, for a description of about <paramref name="wanted"/>:
    /// the bar gives up room (down to 10) before the description is shortened.
    /// </summary>
    public static (int Bar, int Description) Layout(int width, int wanted)
    {
        // The percentage, the remaining time, the spinner and the gaps between the columns.
        const int Others = 4 + 8 + 1 + 4;
        var bar = Math.Clamp(width - Others - wanted, 10, 40);
        return (bar, Math.Max(10, width - Others - bar));
    }

    private static void Draw(IAnsiConsole console, Func<ProgressView> poll, Task task)
    {
        // Room for the first description with its counts grown a little.
        var first = poll();
        var (barWidth, room) = Layout(console.Profile.Width, first.Describe(int.MaxValue).Length + 6);
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = barWidth }, new KnownWholeColumn(new PercentageColumn()), new KnownWholeColumn(new RemainingTimeColumn()), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask? bar = null;
                (string, string?)? phase = null;
                while (!task.IsCompleted)
                {
                    var view = poll();
                    if ((view.Phase, view.Subject) != phase)
                    {
                        if (bar is not null)
                        {
                            bar.Value = bar.MaxValue;
                            bar.StopTask();
                        }

                        phase = (view.Phase, view.Subject);
                        bar = context.AddTask(Markup.Escape(view.Phase), maxValue: view.Max is > 0 ? view.Max.Value : 1);
                        bar.IsIndeterminate = view.Max is not > 0;
                    }

                    bar!.Description = Markup.Escape(view.Describe(room));
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

    // A share done and a time left mean nothing when the whole is unknown (a pipe, a program being
    // recorded): such a bar leaves those columns blank instead of showing 0% and --:--:--.
    private sealed class KnownWholeColumn(ProgressColumn column) : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            task.IsIndeterminate ? Text.Empty : column.Render(options, task, deltaTime);

        public override int? GetColumnWidth(RenderOptions options) => column.GetColumnWidth(options);
    }
}
