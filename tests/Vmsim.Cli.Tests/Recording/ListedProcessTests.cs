using System.Diagnostics;
using Vmsim.Cli.Recording;

namespace Vmsim.Cli.Tests.Recording;

/// <summary>
/// record stops the processes it listed up to a second before: one that ended meanwhile, its PID
/// free or another's, is not signalled, through a pidfd or by its start time alike.
/// </summary>
public sealed class ListedProcessTests
{
    private const int SigTerm = 15;

    [Fact]
    public void A_listed_process_is_signalled_while_it_runs_and_not_once_it_has_ended()
    {
        using var sleeper = Process.Start("sleep", "60");
        using var listed = ListedProcess.Open(sleeper.Id);
        using var byStartTime = ListedProcess.ByStartTime(sleeper.Id);
        Assert.NotNull(listed);
        Assert.NotNull(byStartTime);

        // Linux 5.3 and later, as every machine vmsim is tested on.
        Assert.True(listed.ByPidfd);

        Assert.True(listed.Signal(SigTerm));
        Assert.True(sleeper.WaitForExit(TimeSpan.FromSeconds(10)));

        // Ended and reaped: its PID is free, to be taken by any process.
        Assert.False(listed.Signal(SigTerm));
        Assert.False(byStartTime.Signal(SigTerm));
    }

    [Fact]
    public void A_pid_taken_by_another_process_since_the_listing_is_not_signalled()
    {
        // This process's PID with another start time: the PID of a listed process that ended, now another's.
        var self = Environment.ProcessId;
        var started = ListedProcess.StartTime(self);
        Assert.NotNull(started);
        using var other = ListedProcess.ByStartTime(self, started + "1");
        using var same = ListedProcess.ByStartTime(self, started);

        // Signal 0 only asks whether the process could be signalled.
        Assert.False(other!.Signal(0));
        Assert.True(same!.Signal(0));
    }

    [Fact]
    public void Vmsim_s_own_child_is_signalled_by_its_process_alone_while_it_runs_and_not_once_it_has_exited()
    {
        // With neither a pidfd nor /proc, Valgrind is still held, as the child .NET keeps until it reaps it.
        using var sleeper = Process.Start("sleep", "60");
        using var child = ListedProcess.ByChild(sleeper);
        using var listed = ListedProcess.OfChild(sleeper);
        Assert.NotNull(listed);

        Assert.True(child.Signal(SigTerm));
        Assert.True(sleeper.WaitForExit(TimeSpan.FromSeconds(10)));

        Assert.False(child.Signal(0));
        Assert.Null(ListedProcess.OfChild(sleeper));
    }

    [Fact]
    public void A_pid_with_no_process_is_not_listed()
    {
        using var ended = Process.Start("true");
        ended.WaitForExit();

        Assert.Null(ListedProcess.Open(ended.Id));
        Assert.Null(ListedProcess.ByStartTime(ended.Id));
    }
}
