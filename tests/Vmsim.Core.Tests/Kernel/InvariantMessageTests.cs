using System.Runtime.CompilerServices;
using Vmsim.Core.Kernel;

namespace Vmsim.Core.Tests.Kernel;

public sealed class InvariantMessageTests
{
    [Fact]
    public void A_holding_invariant_works_out_nothing_of_its_message()
    {
        var worked = 0;
        Assert.Null(MessageIfBroken(true, $"frame {++worked} is wrong"));
        Assert.Equal(0, worked);
    }

    [Fact]
    public void A_broken_invariant_formats_its_message_as_an_interpolated_string_would()
    {
        var worked = 0;
        Assert.Equal("frame 1 is in use", MessageIfBroken(false, $"frame {++worked} is {(worked > 0 ? "in use" : "free")}"));
        Assert.Equal(1, worked);
    }

    private static string? MessageIfBroken(bool holds, [InterpolatedStringHandlerArgument(nameof(holds))] ref InvariantMessage message) =>
        holds ? null : message.ToStringAndClear();
}
