using Vmsim.Core.Replacement;

namespace Vmsim.Core.Tests.Replacement.Models;

/// <summary>
/// ARC, 2Q, SLRU, S3-FIFO, SIEVE, MRU, LRU-K and CAR against models of their papers, on the
/// strings of <see cref="ModelStrings"/>, each with vmsim's default parameters passed to the
/// model in pages.
/// </summary>
public sealed class PaperModelTestsA
{
    [Fact]
    public void Arc_evicts_as_megiddo_and_modhas_figure_4() =>
        ModelComparison.AssertSameEvictions(() => new Arc(), frames => new ArcModel(frames));

    [Fact]
    public void TwoQueue_evicts_as_johnson_and_shashas_full_version() =>
        ModelComparison.AssertSameEvictions(
            () => new TwoQueue(),
            frames => new TwoQueueModel(frames, kin: Math.Max(1, (int)(frames * 0.25)), kout: Math.Max(1, (int)(frames * 0.5))));

    [Fact]
    public void Slru_evicts_as_karedla_love_and_wherrys_segments() =>
        ModelComparison.AssertSameEvictions(() => new Slru(), frames => new SlruModel(frames, protectedPages: (int)(frames * 0.8)));

    [Fact]
    public void S3Fifo_evicts_as_the_papers_algorithm_1()
    {
        ModelComparison.AssertSameEvictions(() => new S3Fifo(), frames =>
        {
            var small = Math.Max(1, (int)(frames * 0.1));
            return new S3FifoModel(frames, small, ghosts: Math.Max(1, frames - small));
        });
    }

    [Fact]
    public void Sieve_evicts_as_the_papers_pseudo_code() =>
        ModelComparison.AssertSameEvictions(() => new Sieve(), frames => new SieveModel(frames));

    [Fact]
    public void Mru_evicts_the_page_referenced_just_before_the_fault() =>
        ModelComparison.AssertSameEvictions(() => new Mru(), frames => new MruModel(frames));

    [Fact]
    public void LruK_evicts_as_oneil_oneil_and_weikums_pseudo_code() =>
        ModelComparison.AssertSameEvictions(() => new LruK(), frames => new LruKModel(frames, k: 2, crp: 0));

    [Fact]
    public void LruK_with_a_correlated_period_evicts_as_the_pseudo_code() =>
        ModelComparison.AssertSameEvictions(() => new LruK(k: 3, correlatedPeriod: 5), frames => new LruKModel(frames, k: 3, crp: 5), seeds: 2);

    [Fact]
    public void Car_evicts_as_bansal_and_modhas_figure_2() =>
        ModelComparison.AssertSameEvictions(() => new Car(), frames => new CarModel(frames));
}
