using System.Globalization;
using System.Runtime.InteropServices;

namespace Vmsim.Core;

/// <summary>
/// Why a file could not be read or written, in the system's words and without .NET's message
/// around them (which repeats the path the error already names).
/// </summary>
public static class FileErrorWords
{
    /// <summary>
    /// The words for <paramref name="e"/>: "permission denied", "no such folder", "no such file",
    /// or the system's message for the error number .NET kept (lower-cased: "no space left on
    /// device"); null when it kept none.
    /// </summary>
    public static string? Of(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "no such folder",
        FileNotFoundException => "no such file",
        IOException { HResult: > 0 and < 4096 } => Lowercase(Marshal.GetPInvokeErrorMessage(e.HResult)),
        _ => null,
    };

    private static string Lowercase(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1])
            ? char.ToLower(message[0], CultureInfo.InvariantCulture) + message[1..]
            : message;
}
