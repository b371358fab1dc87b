using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>LIRS, Linux's split LRU, W-TinyLFU, CLOCK, LFU, Aging and NRU against models of their papers and textbooks.</summary>
public sealed class PaperModelTestsB
{
    [Fact]
    public void Lirs_evicts_as_jiang_and_zhangs_lirs() =>
        ModelComparison.AssertSameEvictions(() => new Lirs(), frames => new LirsModel(frames, frames < 2 ? 0 : Math.Max(1, frames / 100)));

    [Fact]
    public void Linux_evicts_file_pages_as_the_kernels_split_lru() =>
        ModelComparison.AssertSameEvictions(() => new LinuxTwoList(), frames => new LinuxFileLruModel(frames));

    [Fact]
    public void WTinyLfu_evicts_as_einziger_friedman_and_maness_w_tinylfu() =>
        ModelComparison.AssertSameEvictions(
            () => new WTinyLfu(),
            frames => new WTinyLfuModel(frames, Math.Max(1, frames / 100), (int)(0.8 * (frames - Math.Max(1, frames / 100)))));
}
