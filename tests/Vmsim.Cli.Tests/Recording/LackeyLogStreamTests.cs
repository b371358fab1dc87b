using System.Text;
using Vmsim.Cli.Recording;

namespace Vmsim.Cli.Tests.Recording;

public sealed class LackeyLogStreamTests
{
    private const string Log =
        "==7== Lackey, an example Valgrind tool\n" +
        "I  04001000,3\n" +
        " L 1ffefff0,8\n" +
        "==7== \n" +
        "==7== Process terminating with default action of signal 11 (SIGSEGV)\n" +
        "==7==  Access not within mapped region at address 0x0\n" +
        "==7== \n" +
        "==7== Counted 1 call to main()\n" +
        " S 1ffefff8,8\n" +
        " L 1ffe";

    [Theory]
    [InlineData(true, " S 1ffefff8,8\n")]
    [InlineData(false, " S 1ffefff8,8\n L 1ffe")]
    public void A_stopped_recording_ends_at_the_last_whole_line_in_the_trace_and_its_copy(bool stopped, string ending)
    {
        using var copy = new MemoryStream();
        using var messages = new StringWriter();
        string read;
        using (var log = new LackeyLogStream(new MemoryStream(Encoding.ASCII.GetBytes(Log)), copy, messages, () => stopped))
        using (var reader = new StreamReader(log))
        {
            read = reader.ReadToEnd();
        }

        Assert.EndsWith(ending, read, StringComparison.Ordinal);
        Assert.Equal(read, Encoding.ASCII.GetString(copy.ToArray()));
    }

    [Fact]
    public void Valgrind_s_account_of_a_fatal_signal_is_passed_on_and_its_other_lines_are_not()
    {
        using var messages = new StringWriter();
        using var log = new LackeyLogStream(new MemoryStream(Encoding.ASCII.GetBytes(Log)), null, messages, () => false);

        log.CopyTo(Stream.Null);

        Assert.Equal((11, "SIGSEGV"), log.Signal);
        Assert.Equal(
            "==7== Process terminating with default action of signal 11 (SIGSEGV)\n==7==  Access not within mapped region at address 0x0\n",
            messages.ToString().ReplaceLineEndings("\n"));
    }
}
