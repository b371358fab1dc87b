using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>The reference strings of the operating-systems textbooks and the fault counts they print.</summary>
public sealed class TextbookStringTests
{
    // Silberschatz, Galvin and Gagne, Operating System Concepts, 10th ed., section 10.4.
    private const string Silberschatz = "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1";

    // Belady, Nelson and Shedler's string, the classic demonstration of the anomaly.
    private const string Belady = "1 2 3 4 1 2 5 1 2 3 4 5";

    private static int Faults(IReplacementPolicy policy, int frames, string references) =>
        new PolicyDriver(policy, frames).Run(references).Faults;

    [Fact]
    public void Fifo_on_silberschatz_string_faults_15_with_3_frames() => Assert.Equal(15, Faults(new Fifo(), 3, Silberschatz));

    [Fact]
    public void Opt_on_silberschatz_string_faults_9_with_3_frames() => Assert.Equal(9, Faults(new Opt(), 3, Silberschatz));

    [Fact]
    public void Lru_on_silberschatz_string_faults_12_with_3_frames() => Assert.Equal(12, Faults(new Lru(), 3, Silberschatz));

    [Fact]
    public void Fifo_on_silberschatz_string_faults_10_with_4_frames() => Assert.Equal(10, Faults(new Fifo(), 4, Silberschatz));

    [Fact]
    public void Opt_on_silberschatz_string_faults_8_with_4_frames() => Assert.Equal(8, Faults(new Opt(), 4, Silberschatz));

    [Fact]
    public void Lru_on_silberschatz_string_faults_8_with_4_frames() => Assert.Equal(8, Faults(new Lru(), 4, Silberschatz));

    [Fact]
    public void Fifo_on_belady_string_faults_9_with_3_frames_and_10_with_4()
    {
        Assert.Equal(9, Faults(new Fifo(), 3, Belady));
        Assert.Equal(10, Faults(new Fifo(), 4, Belady));
    }

    [Fact]
    public void Clock_hot_on_silberschatz_string_faults_14_with_3_frames() =>
        Assert.Equal(14, Faults(new Clock(ClockInsert.Hot), 3, Silberschatz));

    [Fact]
    public void Clock_cold_on_silberschatz_string_faults_11_with_3_frames() =>
        Assert.Equal(11, Faults(new Clock(ClockInsert.Cold), 3, Silberschatz));

    [Fact]
    public void Opt_on_silberschatz_string_evicts_the_page_used_furthest_ahead()
    {
        // 7 goes first (next used at time 17), then 1 (next used at 13), then 0 ...
        var driver = new PolicyDriver(new Opt(), 3).Run(Silberschatz);
        Assert.Equal([7, 1, 0, 4, 3, 2], driver.Evicted);
    }

    [Fact]
    public void Lru_on_silberschatz_string_evicts_the_page_unused_longest()
    {
        var driver = new PolicyDriver(new Lru(), 3).Run(Silberschatz);
        Assert.Equal([7, 1, 2, 3, 0, 4, 0, 3, 2], driver.Evicted);
    }
}
