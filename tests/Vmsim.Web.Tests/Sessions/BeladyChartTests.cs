using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using Vmsim.Web.Sessions;

namespace Vmsim.Web.Tests.Sessions;

public class BeladyChartTests
{
    private static readonly IReadOnlyList<PageReference> Belady = ReferenceString.Parse(TestWorkloads.BeladyString);

    [Fact]
    public void Fifo_on_the_belady_string_faults_9_with_3_frames_and_10_with_4()
    {
        var chart = BeladyChart.Compute(Belady, new MachineConfig(), ["fifo", "lru", "opt"], 1, 6);
        Assert.Equal([1, 2, 3, 4, 5, 6], chart.Frames);
        var fifo = chart.Series.Single(s => s.Policy == "fifo").Faults;
        Assert.Equal(9, fifo[2]);
        Assert.Equal(10, fifo[3]);
        Assert.Equal("FIFO faults 10 times with 4 frames but 9 times with 3: Belady's anomaly.", Assert.Single(chart.Anomalies));
    }

    [Fact]
    public void Stack_policies_never_fault_more_with_more_frames()
    {
        var chart = BeladyChart.Compute(Belady, new MachineConfig(), ["lru", "opt"], 1, 6);
        foreach (var series in chart.Series)
        {
            Assert.Equal(series.Faults.OrderByDescending(f => f), series.Faults);
        }

        Assert.Empty(chart.Anomalies);
    }

    [Fact]
    public void By_default_draws_fifo_lru_opt_and_clock_from_1_to_one_more_than_the_distinct_pages()
    {
        var chart = BeladyChart.Compute(Belady, new MachineConfig(), null, null, null);
        Assert.Equal(["fifo", "lru", "opt", "clock"], chart.Series.Select(s => s.Policy));
        Assert.Equal(Enumerable.Range(1, 6), chart.Frames);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(5, 3)]
    [InlineData(1, 65)]
    public void A_bad_frame_range_is_refused(int from, int to) =>
        Assert.Throws<VisualizerInputException>(() => BeladyChart.Compute(Belady, new MachineConfig(), null, from, to));

    [Fact]
    public void Too_much_work_is_refused_with_the_numbers()
    {
        var references = Enumerable.Range(0, 200_000).Select(i => new PageReference((ulong)(i % 50), Core.Addressing.AccessKind.Read)).ToArray();
        var e = Assert.Throws<VisualizerInputException>(() => BeladyChart.Compute(references, new MachineConfig(), null, 1, 64));
        Assert.Contains("20,000,000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_policy_is_refused()
    {
        var e = Assert.Throws<VisualizerInputException>(() => BeladyChart.Compute(Belady, new MachineConfig(), ["fifo", "magic"], 1, 4));
        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
    }
}
