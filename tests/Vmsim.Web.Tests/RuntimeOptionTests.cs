namespace Vmsim.Web.Tests;

public sealed class RuntimeOptionTests
{
    [Fact]
    public void The_runtimeconfig_turns_on_strict_gzip_validation_so_that_a_cut_upload_is_an_error()
    {
        // Only the runtimeconfig (Directory.Build.props) sets this: AppContext.SetSwitch, Core's
        // fallback, does not, so the test fails when the props line is gone.
        Assert.Equal("true", AppContext.GetData("System.IO.Compression.UseStrictValidation") as string);
    }
}
