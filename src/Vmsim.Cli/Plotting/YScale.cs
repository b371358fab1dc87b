namespace Vmsim.Cli.Plotting;

/// <summary>How a chart's miss-ratio axis is scaled (<c>--y-scale</c>).</summary>
internal enum YScale
{
    /// <summary>Logarithmic when the miss ratios above 0 span more than two decades, else linear.</summary>
    Auto,

    /// <summary>Linear, from 0.</summary>
    Linear,

    /// <summary>Logarithmic: ratios of 0 cannot be drawn and are left out.</summary>
    Log,
}
