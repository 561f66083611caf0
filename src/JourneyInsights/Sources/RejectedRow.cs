namespace JourneyInsights.Sources;

/// <summary>An input row that was not used, with the reason. Written to <c>rejected-rows.csv</c>.</summary>
/// <param name="Source">The source name from the journey definition.</param>
/// <param name="File">The input file.</param>
/// <param name="Line">1-based physical line where the record starts (header lines count).</param>
/// <param name="Column">The input column that broke the rule (the vendor's header name), or empty for whole-row problems.</param>
/// <param name="Value">The raw value as read (truncated to 200 characters).</param>
/// <param name="Rule">The rule that failed: required, type, range, accepted-values, unique, required-any, field-count.</param>
/// <param name="Reason">What was expected, in words.</param>
public sealed record RejectedRow(string Source, string File, long Line, string Column, string Value, string Rule, string Reason);
