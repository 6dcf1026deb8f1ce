using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Provenance.Cli.Bench;

/// <summary>
/// The stage histogram (provenance_stage_duration_seconds, ProvenanceService/Observability) read from the servers'
/// /metrics: sum and count per operation and stage. Two scrapes around the one-at-a-time baseline give the time
/// each stage takes per call when calls do not wait for each other: where the CPU goes.
/// </summary>
internal sealed partial class StageScrape
{
    private const string Sum = "provenance_stage_duration_seconds_sum";
    private const string Count = "provenance_stage_duration_seconds_count";

    private readonly Dictionary<(string Operation, string Stage), (double Seconds, double Count)> _stages = [];

    private StageScrape()
    {
    }

    public static async Task<StageScrape> FetchAsync(IReadOnlyList<Uri> webAddresses)
    {
        var scrape = new StageScrape();
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version11, Timeout = TimeSpan.FromSeconds(30) };
        foreach (var address in webAddresses)
        {
            var text = await http.GetStringAsync(new Uri(address, "/metrics")).ConfigureAwait(false);
            foreach (Match match in Sample().Matches(text))
            {
                var key = (match.Groups["operation"].Value, match.Groups["stage"].Value);
                var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
                var (seconds, count) = scrape._stages.GetValueOrDefault(key);
                scrape._stages[key] = match.Groups["name"].Value == Sum ? (seconds + value, count) : (seconds, count + value);
            }
        }
        return scrape;
    }

    /// <summary>Per stage of <paramref name="operation"/>: milliseconds per call and runs per call between two scrapes.</summary>
    public static IEnumerable<(string Stage, double MsPerCall, double RunsPerCall)> PerCall(StageScrape before, StageScrape after, string operation, int calls) =>
        after._stages.Where(s => s.Key.Operation == operation)
            .Select(s =>
            {
                var (seconds, count) = before._stages.GetValueOrDefault(s.Key);
                return (s.Key.Stage, (s.Value.Seconds - seconds) * 1000 / calls, (s.Value.Count - count) / calls);
            })
            .Where(s => s.Item3 > 0)
            .OrderByDescending(s => s.Item2);

    // provenance_stage_duration_seconds_sum{operation="sign",stage="decode",...} 0.123 (labels in any order).
    [GeneratedRegex("""^(?<name>provenance_stage_duration_seconds_(sum|count))\{(?=[^}]*operation="(?<operation>[a-z_]+)")(?=[^}]*stage="(?<stage>[a-z_]+)")[^}]*\}\s+(?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
