using System.Globalization;

namespace AgreementService.Infrastructure;

/// <summary>Figures in words a person reads: counts with their noun, durations, percentages. Words round; decisions never do.</summary>
public static class Words
{
    /// <summary>"1 block", "0 blocks", "3 blocks".</summary>
    public static string Plural(int count, string word) => count == 1 ? $"1 {word}" : $"{count} {word}s";

    /// <summary>"3 days", "1 hour 30 minutes", "4 seconds", "no time": whole units, largest first, seconds only under an hour.</summary>
    public static string Duration(double hours)
    {
        var span = TimeSpan.FromSeconds(Math.Ceiling(TimeSpan.FromHours(hours).TotalSeconds));
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(Plural(span.Days, "day"));
        }

        if (span.Hours > 0)
        {
            parts.Add(Plural(span.Hours, "hour"));
        }

        if (span.Minutes > 0)
        {
            parts.Add(Plural(span.Minutes, "minute"));
        }

        if (span.Seconds > 0 && span < TimeSpan.FromHours(1))
        {
            parts.Add(Plural(span.Seconds, "second"));
        }

        return parts.Count == 0 ? "no time" : string.Join(' ', parts);
    }

    /// <summary>A share as a percentage with up to two decimals: 0.66669 → "66.67%".</summary>
    public static string Percent(decimal share) => Percent(share, 2);

    /// <summary>
    /// A share and the threshold it is held to, each as a percentage, with as many decimals as it takes for a share
    /// below the threshold never to read as equal to it (66.666% against 66.669%, not 66.67% against 66.67%).
    /// </summary>
    public static (string Share, string Threshold) Percents(decimal share, decimal threshold)
    {
        for (var decimals = 2; ; decimals++)
        {
            var (s, t) = (Percent(share, decimals), Percent(threshold, decimals));
            if (share >= threshold || s != t || decimals == 28)
            {
                return (s, t);
            }
        }
    }

    private static string Percent(decimal share, int decimals) =>
        (share * 100).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture) + "%";
}
