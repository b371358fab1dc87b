using Vmsim.Core.Workloads.Traces;

namespace Vmsim.Core.Analysis;

/// <summary>
/// A trace replayed with the future: the accesses of the wrapped reader, each with its
/// <see cref="MemoryAccess.NextUse"/> set from the file <see cref="NextUsePrepass"/> wrote
/// (the 0-based index of the next access to the same page by the same process, or
/// <see cref="Replacement.AccessContext.Never"/>). Disposing it deletes that file.
/// </summary>
public sealed class NextUseTraceReader : ITraceReader
{
    private readonly ITraceReader _inner;
    private readonly NextUseFile _next;
    private readonly bool _ownsFile;
    private long[] _nextBuffer = [];
    private long _index;

    internal NextUseTraceReader(ITraceReader inner, NextUseFile next, bool ownsFile)
    {
        _inner = inner;
        _next = next;
        _ownsFile = ownsFile;
        Count = next.Count;
    }

    /// <summary>The number of accesses in the trace, known from the pre-pass.</summary>
    public long Count { get; }

    /// <summary>The trace's accesses, which the pre-pass counted: known before the replay reads any (<see cref="Count"/>).</summary>
    public long? Accesses => Count;

    /// <inheritdoc/>
    public string Source => _inner.Source;

    /// <inheritdoc/>
    public string Format => _inner.Format;

    /// <inheritdoc/>
    public bool RecordsPageNumbers => _inner.RecordsPageNumbers;

    /// <inheritdoc/>
    public long BytesRead => _inner.BytesRead;

    /// <inheritdoc/>
    public long? Length => _inner.Length;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The trace gave more accesses than it did in the pre-pass.</exception>
    public int Read(Span<MemoryAccess> buffer)
    {
        var n = _inner.Read(buffer);
        if (n == 0)
        {
            return 0;
        }

        if (_index + n > Count)
        {
            throw new InvalidOperationException($"{Source} gave more than the {Plural.Count(Count, "access")} it gave in the next-use pre-pass; the trace changed between the two readings");
        }

        if (_nextBuffer.Length < n)
        {
            _nextBuffer = new long[Math.Max(n, 4096)];
        }

        _next.Read(_index, _nextBuffer.AsSpan(0, n));
        for (var i = 0; i < n; i++)
        {
            buffer[i] = buffer[i] with { NextUse = _nextBuffer[i] };
        }

        _index += n;
        return n;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _inner.Dispose();
        if (_ownsFile)
        {
            _next.Dispose();
        }
    }
}
