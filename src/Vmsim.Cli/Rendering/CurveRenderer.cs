using System.Globalization;
using System.Text;
using Spectre.Console;
using Vmsim.Cli.Plotting;
using Vmsim.Core.Simulation;

namespace Vmsim.Cli.Rendering;

/// <summary>
/// Miss-ratio curves as tables and as a chart drawn in the terminal: one curve (<c>mrc</c>) as
/// a table of sizes, several (<c>sweep</c>) as matrices of sizes by policies.
/// </summary>
internal static class CurveRenderer
{
    private const int ChartHeight = 15;

    // A mark per curve that reads without colour; colour repeats it.
    private static readonly char[] Marks = ['*', '+', 'o', 'x', '#', '@', '%', '&', '=', '$'];

    private static readonly Color[] Colours =
        [Color.Blue, Color.Orange1, Color.Red, Color.Teal, Color.Green, Color.Yellow, Color.Purple, Color.Pink1, Color.Maroon, Color.Grey];

    /// <summary>
    /// One curve as a table: frames, the memory they make (exactly, so that two sizes never read
    /// the same), misses and the miss ratio; and, when any of <paramref name="remarks"/> (one a
    /// point) says something, a Note column with them (what a SHARDS estimate's row needs said).
    /// </summary>
    public static void RenderCurve(IAnsiConsole console, string title, IReadOnlyList<PlotPoint> points, int pageSize, IReadOnlyList<string>? remarks = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(points);
        var noted = remarks is not null && remarks.Any(r => r.Length > 0);
        var table = new Table { Border = TableBorder.Rounded }
            .Title(title, Styles.Title)
            .AddColumn(new TableColumn("Frames").RightAligned())
            .AddColumn(new TableColumn("Memory").RightAligned())
            .AddColumn(new TableColumn("Misses").RightAligned())
            .AddColumn(new TableColumn("Miss ratio").RightAligned());
        if (noted)
        {
            table.AddColumn(new TableColumn("Note"));
        }

        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            var frames = (long)point.X;
            var cells = new List<Text>
            {
                new Text(Words.Number(frames)).RightJustified(),
                new Text(Words.Bytes(frames * pageSize)).RightJustified(),
                new Text(Words.Number(point.Misses)).RightJustified(),
                new Text(Words.MissRatio(point.Y)).RightJustified(),
            };
            if (noted)
            {
                cells.Add(new Text(remarks![i]));
            }

            table.AddRow(cells);
        }

        console.Write(table);
    }

    /// <summary>
    /// A sweep as two matrices, miss ratio then page faults, one row per size and one column per
    /// policy; policies that do not fit the width go to further tables under the first.
    /// </summary>
    public static void RenderSweep(IAnsiConsole console, IReadOnlyList<string> policies, IReadOnlyList<int> frames, IReadOnlyList<SweepPoint> results)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(results);
        var at = results.ToDictionary(r => (r.Policy, r.Frames));
        var faultWidth = results.Select(r => Words.Number(r.Faults).Length).DefaultIfEmpty(1).Max();
        Matrices(console, "Miss ratio", policies, frames, 6, p => Words.MissRatio(p.MissRatio), at);
        Matrices(console, "Page faults", policies, frames, faultWidth, p => Words.Number(p.Faults), at);
    }

    /// <summary>
    /// The curves drawn in the terminal: miss ratio up (from 0, or on a log scale when
    /// <see cref="PlotData.LogY"/>), size across (log-scaled when the sizes span two orders of
    /// magnitude), each curve in its own mark and colour, with a legend. Marks that would fall
    /// on one place are set side by side, so that every curve stays in sight.
    /// </summary>
    public static void RenderChart(IAnsiConsole console, PlotData data)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(data);
        var xs = data.Series.SelectMany(s => s.Points).Select(p => p.X).Where(x => x > 0).ToList();
        if (xs.Count == 0)
        {
            return;
        }

        var logY = data.LogY;
        var top = data.YMax;
        var bottom = logY ? data.YMin : 0;
        var middle = logY ? Math.Sqrt(top * bottom) : top / 2;
        var labelWidth = new[] { top, middle, bottom }.Max(v => AxisLabel(v, 0).Length);
        var width = Math.Clamp(console.Profile.Width - labelWidth - 4, 20, 120);
        var log = data.LogX;
        double Scale(double x) => log ? Math.Log(x) : x;
        double low = Scale(xs.Min()), high = Scale(xs.Max());
        int Column(double x) => high <= low ? 0 : (int)Math.Round((Scale(x) - low) / (high - low) * (width - 1));
        double Height(double y) => logY ? Math.Log(y / bottom) / Math.Log(top / bottom) : y / top;
        int Row(double y) => (int)Math.Round((1 - Math.Clamp(top <= bottom ? 1 : Height(y), 0, 1)) * (ChartHeight - 1));

        var grid = new char[ChartHeight, width];
        var owner = new int[ChartHeight, width];
        var marked = new bool[ChartHeight, width];
        for (var r = 0; r < ChartHeight; r++)
        {
            for (var c = 0; c < width; c++)
            {
                grid[r, c] = ' ';
                owner[r, c] = -1;
            }
        }

        // A log axis cannot place a ratio of 0: such points are left out (the axis title says so).
        var curves = data.Series.Select(s => s.Points.Where(p => p.X > 0 && (!logY || p.Y > 0)).OrderBy(p => p.X).ToList()).ToList();
        for (var s = 0; s < curves.Count; s++)
        {
            var points = curves[s];
            for (var i = 1; i < points.Count; i++)
            {
                // Dots along the straight line between two points, where nothing is drawn yet.
                int c0 = Column(points[i - 1].X), c1 = Column(points[i].X);
                for (var c = c0 + 1; c < c1; c++)
                {
                    var y = logY
                        ? Math.Exp(Math.Log(points[i - 1].Y) + ((Math.Log(points[i].Y) - Math.Log(points[i - 1].Y)) * (c - c0) / (c1 - c0)))
                        : points[i - 1].Y + ((points[i].Y - points[i - 1].Y) * (c - c0) / (c1 - c0));
                    var r = Row(y);
                    if (owner[r, c] < 0)
                    {
                        grid[r, c] = '.';
                        owner[r, c] = s;
                    }
                }
            }
        }

        // The marks after every line, over the dots; a mark whose place another curve's mark has
        // taken goes to the nearest place in its row that is free or already this curve's (two of
        // its own points on one place are one mark), so that no curve hides another. Where every
        // place near is another curve's, the mark is left out rather than drawn over one.
        var shifted = false;
        var hidden = false;
        for (var s = 0; s < curves.Count; s++)
        {
            foreach (var point in curves[s])
            {
                int r = Row(point.Y), c = Column(point.X);
                var place = Enumerable.Range(0, 2 * curves.Count + 1)
                    .Select(k => c + (k % 2 == 1 ? (k + 1) / 2 : -(k / 2)))
                    .Where(column => column >= 0 && column < width)
                    .Select(column => (int?)column)
                    .FirstOrDefault(column => !marked[r, column!.Value] || owner[r, column.Value] == s);
                if (place is not { } free)
                {
                    hidden = true;
                    continue;
                }

                shifted |= free != c;
                grid[r, free] = Marks[s % Marks.Length];
                owner[r, free] = s;
                marked[r, free] = true;
            }
        }

        console.Write(new Paragraph(data.Title, Styles.Title));
        console.WriteLine();
        console.WriteLine(data.YAxisTitle);
        for (var r = 0; r < ChartHeight; r++)
        {
            var label = r == 0 ? AxisLabel(top, labelWidth) + " ┤" : r == ChartHeight / 2 ? AxisLabel(middle, labelWidth) + " ┤" : r == ChartHeight - 1 ? AxisLabel(bottom, labelWidth) + " ┤" : new string(' ', labelWidth + 1) + "│";
            var line = new StringBuilder(Markup.Escape(label));
            for (var c = 0; c < width;)
            {
                var who = owner[r, c];
                var run = new StringBuilder();
                while (c < width && owner[r, c] == who)
                {
                    run.Append(grid[r, c]);
                    c++;
                }

                var text = Markup.Escape(run.ToString());
                line.Append(who < 0 ? text : $"[{Colours[who % Colours.Length].ToMarkup()}]{text}[/]");
            }

            console.MarkupLine(line.ToString().TrimEnd());
        }

        var indent = new string(' ', labelWidth + 1);
        console.WriteLine(indent + "└" + new string('─', width));
        var left = Label(xs.Min());
        var right = Label(xs.Max());
        var axis = $"{data.XTitle}{(log ? ", log scale" : string.Empty)}";
        var gap = Math.Max(1, width - left.Length - right.Length);
        var centred = axis.Length + 2 <= gap ? axis.PadLeft(((gap - axis.Length) / 2) + axis.Length).PadRight(gap) : new string(' ', gap);
        console.WriteLine(indent + " " + left + centred + right);
        var legend = string.Join("   ", data.Series.Select((s, i) =>
            $"[{Colours[i % Colours.Length].ToMarkup()}]{Markup.Escape(Marks[i % Marks.Length].ToString())}[/] {Markup.Escape(s.Name)}"));
        console.MarkupLine(indent + " " + legend);
        if (shifted || hidden)
        {
            console.WriteLine(indent + " Marks side by side in a row are points that fall on the same place"
                + (hidden ? "; where too many fall together, some are left out (--plot draws them all)." : "."));
        }
    }

    // A ratio of the axis: 0.05, 0.0001; below a ten-thousandth in three significant digits, 3.16e-6.
    private static string AxisLabel(double value, int width) =>
        value.ToString(value == 0 ? "0.0" : value >= 1e-4 ? "0.0####" : "0.##e-0", CultureInfo.InvariantCulture).PadLeft(width);

    private static string Label(double x) => x >= 1e4 ? ProgressDisplay.Count(x).Replace(" ", string.Empty, StringComparison.Ordinal) : x.ToString("0.##", CultureInfo.InvariantCulture);

    private static void Matrices(IAnsiConsole console, string title, IReadOnlyList<string> policies, IReadOnlyList<int> frames, int cellWidth, Func<SweepPoint, string> cell, Dictionary<(string, int), SweepPoint> at)
    {
        var framesWidth = Math.Max(6, frames.Select(f => Words.Number(f).Length).DefaultIfEmpty(1).Max());
        var groups = Groups(policies, console.Profile.Width - framesWidth - 4, cellWidth);
        var start = 0;
        foreach (var group in groups)
        {
            var table = new Table { Border = TableBorder.Rounded }
                .Title(groups.Count > 1 ? $"{title} ({start + 1}-{start + group.Count} of {policies.Count} policies)" : title, Styles.Title)
                .AddColumn(new TableColumn("Frames").RightAligned());
            foreach (var policy in group)
            {
                table.AddColumn(new TableColumn(policy).RightAligned());
            }

            foreach (var size in frames)
            {
                var row = new List<Text> { new Text(Words.Number(size)).RightJustified() };
                row.AddRange(group.Select(p => new Text(cell(at[(p, size)])).RightJustified()));
                table.AddRow(row);
            }

            console.Write(table);
            start += group.Count;
        }
    }

    // The policies in runs that fit width, in order: each column as wide as its label, or its
    // cells when they are wider, and the border between; at least one policy a table.
    private static List<List<string>> Groups(IReadOnlyList<string> policies, int width, int cellWidth)
    {
        var groups = new List<List<string>>();
        var used = 0;
        foreach (var policy in policies)
        {
            var column = Math.Max(cellWidth, policy.Length) + 3;
            if (groups.Count == 0 || used + column > width)
            {
                groups.Add([]);
                used = 0;
            }

            groups[^1].Add(policy);
            used += column;
        }

        return groups;
    }
}
