using Microsoft.Win32.SafeHandles;

namespace Vmsim.Core;

/// <summary>
/// Temporary files that leave nothing behind, however the process ends. On Unix the file's name
/// is removed as soon as it is open, so only the open handle keeps it: the system frees it when
/// the handle is closed or the process ends for any reason (an exception, Ctrl-C, SIGTERM, even
/// SIGKILL), and no other process can see it. On Windows, where an open file cannot lose its
/// name, it is opened delete-on-close, which the system also honours when the process is killed.
/// </summary>
public static class TemporaryFile
{
    /// <summary>
    /// Creates an empty file in <paramref name="directory"/> named <c>vmsim-</c><paramref name="what"/><c>-</c> and
    /// a random part, opened for reading and writing, and makes it vanish as the type describes.
    /// </summary>
    /// <param name="directory">Where to create it, such as <see cref="Path.GetTempPath"/>.</param>
    /// <param name="what">What it holds, in its name ("stdin", "next"), for whoever sees it on Windows.</param>
    public static SafeFileHandle Create(string directory, string what)
    {
        var path = Path.Combine(directory, $"vmsim-{what}-{Path.GetRandomFileName()}");
        if (OperatingSystem.IsWindows())
        {
            return File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, FileOptions.DeleteOnClose);
        }

        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        try
        {
            File.Delete(path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        return handle;
    }
}
