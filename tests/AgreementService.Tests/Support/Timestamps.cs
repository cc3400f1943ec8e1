using System.Text.Json.Nodes;

namespace AgreementService.Tests.Support;

/// <summary>Times as the API writes them: UTC, to the millisecond (stored events keep every tick).</summary>
public static class Timestamps
{
    public const string Utc = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$";

    /// <summary>A time as the API shows it: in UTC, cut to the millisecond.</summary>
    public static DateTimeOffset ToTheMillisecond(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    /// <summary>Every string in the JSON that looks like a date and time.</summary>
    public static IEnumerable<string> In(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => In(p.Value)),
        JsonArray a => a.SelectMany(In),
        JsonValue v when v.TryGetValue<string>(out var text) && System.Text.RegularExpressions.Regex.IsMatch(text, @"^\d{4}-\d\d-\d\dT") => [text],
        _ => [],
    };
}
