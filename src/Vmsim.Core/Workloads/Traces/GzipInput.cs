using System.IO.Compression;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// Decompresses a gzip trace so that a cut file is an error, not a shorter trace, and turns the
/// decompressor's complaints into <see cref="InputFormatException"/>s that say whether the data
/// was corrupt or ended too soon.
/// </summary>
/// <remarks>
/// By default .NET's <see cref="GZipStream"/> ends a stream that stops in the middle of a member
/// (its compressed blocks or its CRC32 and ISIZE trailer) as if it were complete. zlib itself knows
/// whether the last member reached its end; the runtime's opt-in switch
/// <c>System.IO.Compression.UseStrictValidation</c> (dotnet/runtime#47563) makes the stream throw
/// <see cref="InvalidDataException"/> when the input ends before that. Every member's CRC32 and
/// ISIZE are checked by zlib either way, and concatenated members are read one after the other.
/// The runtime reads the switch once, when the first deflate stream of the process is made, so
/// the projects set it in their runtimeconfig (Directory.Build.props); this class sets it too for
/// a host that did not, and checks once that it took effect.
/// </remarks>
internal static class GzipInput
{
    /// <summary>The runtime's switch for truncation checks in the deflate, zlib and gzip streams.</summary>
    public const string StrictValidationSwitch = "System.IO.Compression.UseStrictValidation";

    // A gzip header and no compressed data: a truncated stream in its smallest form.
    private static readonly byte[] TruncatedProbe = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

    private static readonly bool DetectsTruncation = EnableTruncationChecks();

    /// <summary>Decompresses <paramref name="compressed"/>, which it closes when disposed.</summary>
    /// <exception cref="InvalidOperationException">The process reads gzip without truncation checks (see the remarks).</exception>
    public static GZipStream Open(Stream compressed)
    {
        if (!DetectsTruncation)
        {
            throw new InvalidOperationException(
                $"this process cannot tell a cut gzip file from a whole one: set the runtime option {StrictValidationSwitch} to true in its runtimeconfig (a deflate stream was made before it could be set)");
        }

        return new GZipStream(compressed, CompressionMode.Decompress);
    }

    /// <summary>
    /// The input error for <paramref name="error"/>, thrown by a gzip stream over <paramref name="compressed"/>
    /// after <paramref name="bytesRead"/> compressed bytes: truncation when the compressed input had ended, corruption otherwise.
    /// </summary>
    public static InputFormatException Error(string source, ReplayStream compressed, long bytesRead, InvalidDataException error) =>
        compressed.Ended
            ? new InputFormatException(source, 0, 0, $"expected more gzip data: the file ends in the middle of its compressed stream (truncated?) at byte offset {bytesRead}")
            : new InputFormatException(source, 0, 0, $"expected valid gzip data, found corrupt data after {bytesRead} compressed bytes ({error.Message})");

    private static bool EnableTruncationChecks()
    {
        if (!AppContext.TryGetSwitch(StrictValidationSwitch, out _))
        {
            AppContext.SetSwitch(StrictValidationSwitch, true);
        }

        // The only way to know that the runtime honours the switch: a cut stream must throw.
        try
        {
            using var probe = new GZipStream(new MemoryStream(TruncatedProbe), CompressionMode.Decompress);
            Span<byte> buffer = stackalloc byte[16];
            while (probe.Read(buffer) > 0)
            {
            }

            return false;
        }
        catch (InvalidDataException)
        {
            return true;
        }
    }
}
