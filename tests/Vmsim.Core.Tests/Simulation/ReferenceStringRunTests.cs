using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;
using static Vmsim.Core.Tests.TestMachines;

namespace Vmsim.Core.Tests.Simulation;

public class ReferenceStringRunTests
{
    [Fact]
    public void Fifo_on_belady_string_faults_9_with_3_frames_and_10_with_4()
    {
        Assert.Equal(9, Faults(Belady, 3, "fifo"));
        Assert.Equal(10, Faults(Belady, 4, "fifo"));
    }

    [Fact]
    public void Fifo_on_silberschatz_string_faults_15_with_3_frames_and_10_with_4()
    {
        Assert.Equal(15, Faults(Silberschatz, 3, "fifo"));
        Assert.Equal(10, Faults(Silberschatz, 4, "fifo"));
    }

    [Fact]
    public void A_page_outside_the_address_space_is_refused_naming_the_first_such_reference()
    {
        var error = Assert.Throws<SimulationException>(() => ReferenceStringRun.Run(ReferenceString.Parse("1 68719476736 3 99999999999"), Checked(3)));
        Assert.Equal("reference 2 of the string, page 68,719,476,736, lies outside the 48-bit address space of x86-64, whose pages are 0 to 68,719,476,735", error.Message);
    }

    [Fact]
    public void Every_first_touch_is_a_file_read_from_the_backing_store()
    {
        var machine = ReferenceStringRun.Run(ReferenceString.Parse(Silberschatz), Checked(3));
        var c = machine.Counters;
        Assert.Equal(20, c.Accesses);
        Assert.Equal(c.Accesses, c.Hits + c.Faults);
        Assert.Equal(c.Faults, c.FileRead);
        Assert.Equal(c.Faults, c.MajorFaults);
        Assert.Equal(c.Faults - 3, c.Evictions);
        Assert.Equal(0, c.Writebacks);
    }

    [Fact]
    public void Written_pages_are_written_back_when_evicted_and_clean_ones_are_not()
    {
        // 1w is dirty when 4 evicts it; 2 and 3 are clean.
        var machine = ReferenceStringRun.Run(ReferenceString.Parse("1w 2 3 4 5"), Checked(3));
        Assert.Equal(2, machine.Counters.Evictions);
        Assert.Equal(1, machine.Counters.Writebacks);
        Assert.Equal(0, machine.Counters.SwapOuts);
    }

    [Fact]
    public void Compare_table_shows_beladys_anomaly_for_fifo()
    {
        var table = ReferenceStringRun.CompareFaults(ReferenceString.Parse(Belady), Checked(), ["fifo"], [3, 4]);
        Assert.True(table[0, 1] > table[0, 0]);
    }
}
