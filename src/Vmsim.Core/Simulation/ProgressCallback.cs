namespace Vmsim.Core.Simulation;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls back on the reporting thread, at once (the BCL's
/// <see cref="Progress{T}"/> posts to a synchronisation context instead).
/// </summary>
public sealed class ProgressCallback(Action<long> report) : IProgress<long>
{
    /// <inheritdoc/>
    public void Report(long value) => report(value);
}
