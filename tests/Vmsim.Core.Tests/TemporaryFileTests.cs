namespace Vmsim.Core.Tests;

public sealed class TemporaryFileTests
{
    [Fact]
    public void A_temporary_file_has_no_name_while_open_and_keeps_what_is_written()
    {
        var directory = Directory.CreateTempSubdirectory("vmsim-temporary-").FullName;
        try
        {
            using (var file = TemporaryFile.Create(directory, "stdin"))
            {
                // Nothing to delete: a process killed now leaves the folder as it was.
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Empty(Directory.GetFiles(directory));
                }

                RandomAccess.Write(file, "trace"u8, 0);
                var back = new byte[5];
                Assert.Equal(5, RandomAccess.Read(file, back, 0));
                Assert.Equal("trace"u8.ToArray(), back);
            }

            Assert.Empty(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
