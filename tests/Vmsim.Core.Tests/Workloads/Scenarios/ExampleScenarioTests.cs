using Vmsim.Core.Kernel;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads.Scenarios;

namespace Vmsim.Core.Tests.Workloads.Scenarios;

public class ExampleScenarioTests
{
    public static TheoryData<string> Names() => [.. BundledExamples.Names];

    private static ScenarioResult RunChecked(string name)
    {
        var scenario = BundledExamples.Read(name)!;
        return ScenarioRun.Run(scenario, scenario.Machine with { CheckInvariants = true });
    }

    [Fact]
    public void Every_file_in_examples_is_bundled()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "../../../../../examples");
        var files = Directory.GetFiles(root, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order();
        Assert.Equal(files, BundledExamples.Names);
        Assert.Contains("demo", BundledExamples.Names);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_example_runs_with_the_invariant_checker_after_every_step(string name)
    {
        var result = RunChecked(name);
        Assert.True(result.Machine.Counters.Accesses > 0);
        Assert.Equal(result.Machine.Counters.Accesses, result.Machine.Counters.Hits + result.Machine.Counters.Faults);
    }

    [Fact]
    public void The_demo_shows_every_kind_of_fault()
    {
        var scenario = BundledExamples.Read("demo")!;
        var run = new ScenarioRun(scenario, scenario.Machine with { CheckInvariants = true });
        var recorder = new StepRecorder();
        recorder.Attach(run.Machine);
        var result = run.RunToEnd();
        var c = result.Machine.Counters;
        Assert.True(c.FileRead > 0, "file read");
        Assert.True(c.PageCache > 0, "page cache");
        Assert.True(c.ZeroFill > 0, "zero fill");
        Assert.True(c.TlbHits > 0, "TLB hit");
        Assert.Equal(1, c.CowCopy);
        Assert.Equal(1, c.CowReuse);
        Assert.True(c.SwapOuts > 0, "swap out");
        Assert.True(c.SwapIns > 0, "swap in");
        Assert.Equal(1, c.OomKills);
        Assert.Equal(1, c.SegvUnmapped);
        Assert.Equal(3, c.SegvProtection);
        Assert.Equal(ProcessState.Oom, result.Processes["editor"].State);
        Assert.Equal(ProcessState.Running, result.Processes["shell"].State);
        Assert.Equal(ProcessState.Exited, result.Processes["child"].State);
        foreach (var name in new[] { "wild-pointer", "const-writer", "stack-exec", "code-reader" })
        {
            Assert.Equal(ProcessState.Segv, result.Processes[name].State);
        }

        var text = string.Join("\n", recorder.Steps.Select(s => s.Explanation));
        Assert.Contains("copied frame", text);
        Assert.Contains("without a copy", text);
        Assert.Contains("swap slot", text);
        Assert.Contains("OOM killer", text);
        Assert.Contains("read of execute-only memory", text);
        Assert.Contains("page cache", text);
    }

    [Fact]
    public void Fork_example_copies_exactly_the_four_pages_the_child_writes()
    {
        var result = RunChecked("fork-cow");
        var c = result.Machine.Counters;
        Assert.Equal(4, c.CowCopy);
        Assert.Equal(4, c.CowReuse);
        Assert.Equal(4, result.Processes["child"].Counters.CowCopy);
    }

    [Fact]
    public void Belady_example_faults_9_with_3_frames_and_10_with_4()
    {
        var scenario = BundledExamples.Read("belady")!;
        Assert.Equal(9, ScenarioRun.Run(scenario, scenario.Machine with { Frames = 3 }).Machine.Counters.Faults);
        Assert.Equal(10, ScenarioRun.Run(scenario, scenario.Machine with { Frames = 4 }).Machine.Counters.Faults);
    }

    [Fact]
    public void Segfault_example_kills_each_offender_and_spares_the_survivor()
    {
        var result = RunChecked("segfaults");
        Assert.Equal(ProcessState.Running, result.Processes["survivor"].State);
        Assert.All(new[] { "unmapped", "readonly", "noexec", "execonly" }, n => Assert.Equal(ProcessState.Segv, result.Processes[n].State));
    }

    [Fact]
    public void Thrashing_example_faults_far_less_when_both_working_sets_fit()
    {
        var scenario = BundledExamples.Read("thrashing")!;
        var tight = ScenarioRun.Run(scenario).Machine.Counters.Faults;
        var roomy = ScenarioRun.Run(scenario, scenario.Machine with { Frames = 24 }).Machine.Counters.Faults;
        Assert.Equal(24, roomy);
        Assert.True(tight > 3 * roomy, $"{tight} faults with 16 frames");
    }

    [Fact]
    public void Swappiness_decides_whether_the_idle_heap_or_the_page_cache_goes()
    {
        var scenario = BundledExamples.Read("swappiness")!;
        Counters Run(int swappiness) => ScenarioRun.Run(scenario, scenario.Machine with
        {
            PolicyOptions = scenario.Machine.PolicyOptions with { Parameters = new Dictionary<string, double> { ["swappiness"] = swappiness } },
        }).Machine.Counters;

        var never = Run(0);
        var always = Run(200);

        Assert.Equal(0, never.SwapOuts);
        Assert.True(always.SwapOuts > 0, "swappiness 200 swapped nothing out");
        Assert.True(always.FileRead < never.FileRead / 2, $"file reads: {always.FileRead} at 200, {never.FileRead} at 0");
    }
}
