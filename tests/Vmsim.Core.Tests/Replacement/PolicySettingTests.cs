using Vmsim.Core.Replacement;
using Vmsim.Core.Simulation;
using Vmsim.Core.Workloads;

namespace Vmsim.Core.Tests.Replacement;

/// <summary>
/// A policy is not changed by a machine setting it does not list among those it reads
/// (<see cref="PolicyInfo.Settings"/>): that is what lets the command line refuse such a
/// setting and a scenario's run note it as changing nothing.
/// </summary>
public class PolicySettingTests
{
    // Two values of each setting that only some policies read, as different as the setting allows.
    private static readonly (string Setting, Func<MachineConfig, MachineConfig> One, Func<MachineConfig, MachineConfig> Other)[] Values =
    [
        (PolicySetting.Tick, c => c with { TickInterval = 1 }, c => c with { TickInterval = 1000 }),
        (PolicySetting.AgingBits, c => c with { PolicyOptions = c.PolicyOptions with { AgingBits = 1 } }, c => c with { PolicyOptions = c.PolicyOptions with { AgingBits = 32 } }),
        (PolicySetting.ClockInsert, c => c with { PolicyOptions = c.PolicyOptions with { ClockInsert = ClockInsert.Hot } }, c => c with { PolicyOptions = c.PolicyOptions with { ClockInsert = ClockInsert.Cold } }),
        (PolicySetting.Window, c => c with { PolicyOptions = c.PolicyOptions with { WorkingSetWindow = 2 } }, c => c with { PolicyOptions = c.PolicyOptions with { WorkingSetWindow = 5000 } }),
    ];

    public static TheoryData<string> Policies => CatalogPolicies.All();

    // Some locality, some noise, some writes.
    private static IReadOnlyList<PageReference> Mixed()
    {
        var random = new Random(17);
        return ReferenceString.Parse(string.Join(' ', Enumerable.Range(0, 600).Select(i => $"{(random.Next(3) == 0 ? random.Next(40) : (i / 25) % 12 + random.Next(5))}{(random.Next(4) == 0 ? "w" : "")}")));
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void A_setting_the_policy_does_not_read_changes_nothing_it_counts(string policy)
    {
        var references = Mixed();
        var info = PolicyCatalog.Find(policy)!;
        var config = new MachineConfig { Frames = 7, Policy = policy, SwapSlots = 256 };
        var checkedAny = false;
        foreach (var (setting, one, other) in Values)
        {
            if (info.Reads(setting))
            {
                continue;
            }

            var a = ReferenceStringRun.Run(references, one(config)).Counters;
            var b = ReferenceStringRun.Run(references, other(config)).Counters;
            Assert.All(CounterFields.All, f => Assert.True(Equals(f.GetValue(a), f.GetValue(b)), $"{policy} changed {f.Name} with {setting}"));
            checkedAny = true;
        }

        Assert.True(checkedAny || PolicySetting.PolicyOnly.All(info.Reads));
    }

    // Each policy with each setting it says it reads (the seed aside, which seeds touch
    // patterns and sampling too): aging with the tick and its bits, clock with its insertion...
    public static TheoryData<string, string> PoliciesWithTheSettingsTheyRead()
    {
        var data = new TheoryData<string, string>();
        foreach (var info in PolicyCatalog.All)
        {
            foreach (var setting in info.Settings.Where(PolicySetting.PolicyOnly.Contains))
            {
                data.Add(info.Name, setting);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PoliciesWithTheSettingsTheyRead))]
    public void A_setting_the_policy_reads_can_change_what_it_counts(string policy, string setting)
    {
        var references = Mixed();
        var config = new MachineConfig { Frames = 7, Policy = policy, SwapSlots = 256 };
        var (_, one, other) = Values.Single(v => v.Setting == setting);

        var a = ReferenceStringRun.Run(references, one(config)).Counters.Faults;
        var b = ReferenceStringRun.Run(references, other(config)).Counters.Faults;

        Assert.NotEqual(a, b);
    }
}
