namespace Vmsim.Cli.Commands;

/// <summary>What a replay with an access log gave.</summary>
/// <param name="Run">The replay's result, or null when it was interrupted before its end.</param>
/// <param name="Rows">The accesses the log holds.</param>
/// <param name="Interrupted">True when an interrupt came while the log was written.</param>
internal sealed record AccessLogResult<T>(T? Run, long Rows, bool Interrupted)
    where T : class;
