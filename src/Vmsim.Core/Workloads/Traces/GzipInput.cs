using System.IO.Compression;

namespace Vmsim.Core.Workloads.Traces;

/// <summary>
/// The content of a gzip file, decompressed as it is read, all of whose members must be whole
/// and nothing but zeros may follow the last: corrupt data, a file that ends in the middle of a
/// member (truncated) and bytes after the last member that do not start another (trailing
/// garbage) are <see cref="InputFormatException"/>s naming the file and the compressed byte offset.
/// </summary>
/// <remarks>
/// <para>
/// By default .NET's <see cref="GZipStream"/> ends a stream that stops in the middle of a member
/// (its compressed blocks or its CRC32 and ISIZE trailer) as if it were complete. zlib itself knows
/// whether the last member reached its end; the runtime's opt-in switch
/// <c>System.IO.Compression.UseStrictValidation</c> (dotnet/runtime#47563) makes the stream throw
/// <see cref="InvalidDataException"/> when the input ends before that. Every member's CRC32 and
/// ISIZE are checked by zlib either way, and concatenated members are read one after the other.
/// The runtime reads the switch once, when the first deflate stream of the process is made, so
/// the projects set it in their runtimeconfig (Directory.Build.props); this class sets it too for
/// a host that did not, and checks once that it took effect.
/// </para>
/// <para>
/// The runtime's stream reads its input in buffers of 8 KiB. When a member ends with bytes left
/// in its buffer, it starts another member if they begin with the gzip magic and otherwise ends
/// the stream, dropping them and whatever it never read, without a word (gzip -d warns of
/// "trailing garbage"); how far into the buffer the member went is not exposed. So the stream
/// reads through a <see cref="GzipFeed"/>: once the content has ended, either the stream asked
/// for more input and the file had none (nothing follows the last member), or it left bytes of
/// the last piece it was handed. Those are zeros when that piece was zeros alone, and padding if
/// the rest of the file is zeros too, which gzip -d also takes as the end; otherwise they are
/// trailing garbage, an error.
/// </para>
/// </remarks>
internal sealed class GzipInput : ReadOnlyStream
{
    /// <summary>The runtime's switch for truncation checks in the deflate, zlib and gzip streams.</summary>
    public const string StrictValidationSwitch = "System.IO.Compression.UseStrictValidation";

    private const string TrailingGarbage = "expected another gzip member or the end of the file after the last member";

    // A gzip header and no compressed data: a truncated stream in its smallest form.
    private static readonly byte[] TruncatedProbe = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

    // Null when the runtime checks for truncation; otherwise why it does not.
    private static readonly string? TruncationChecksMissing = EnableTruncationChecks();

    private readonly GzipFeed _feed;
    private readonly GZipStream _gzip;
    private readonly string _source;
    private bool _ended;

    private GzipInput(Stream compressed, string source)
    {
        _feed = new GzipFeed(compressed);
        _gzip = new GZipStream(_feed, CompressionMode.Decompress);
        _source = source;
    }

    /// <summary>Decompresses <paramref name="compressed"/>, which it closes when disposed; <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="RuntimeOptionException">The process reads gzip without truncation checks (see the remarks).</exception>
    public static GzipInput Open(Stream compressed, string source)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        ArgumentNullException.ThrowIfNull(source);
        if (TruncationChecksMissing is { } why)
        {
            throw new RuntimeOptionException(
                $"this process cannot tell a cut gzip file from a whole one: set the runtime option {StrictValidationSwitch} to true in its runtimeconfig ({why})");
        }

        return new GzipInput(compressed, source);
    }

    /// <inheritdoc/>
    /// <exception cref="InputFormatException">The gzip data is corrupt or truncated, or other bytes follow its last member.</exception>
    public override int Read(Span<byte> buffer)
    {
        if (_ended)
        {
            return 0;
        }

        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            // Truncation is told from corruption by where it came from: the compressed input had ended.
            throw new InputFormatException(_source, 0, 0, _feed.Ended
                ? $"expected more gzip data: the file ends in the middle of its compressed stream (truncated?) at byte offset {_feed.Offset}"
                : $"expected valid gzip data, found corrupt data after {_feed.Offset} compressed bytes ({e.Message})");
        }

        if (read == 0 && !buffer.IsEmpty)
        {
            _ended = true;
            CheckNothingFollows();
        }

        return read;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Once the content has ended: refuses bytes after the last member other than zeros.</summary>
    private void CheckNothingFollows()
    {
        if (_feed.Ended)
        {
            return;
        }

        if (_feed.LastByte != 0)
        {
            throw new InputFormatException(_source, 0, 0,
                $"{TrailingGarbage}, found other bytes (trailing garbage, among them 0x{_feed.LastByte:x2} at byte offset {_feed.Offset - 1}); gzip -d drops them with a warning");
        }

        if (_feed.FirstNonZeroLeft() is { } stray)
        {
            throw new InputFormatException(_source, 0, 0,
                $"{TrailingGarbage}, found zeros and then 0x{stray.Value:x2} at byte offset {stray.Offset} (trailing garbage); gzip -d drops them with a warning");
        }
    }

    private static string? EnableTruncationChecks()
    {
        var given = AppContext.TryGetSwitch(StrictValidationSwitch, out var on);
        if (!given)
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

            return given && !on ? "it is set to false" : "a deflate stream was made before it took effect";
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
