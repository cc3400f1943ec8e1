using AgreementService.Infrastructure;

namespace AgreementService.Tests.Unit;

public sealed class WordsTests
{
    [Theory]
    [InlineData(0, "no time")]
    [InlineData(0.001, "4 seconds")]
    [InlineData(0.25, "15 minutes")]
    [InlineData(1, "1 hour")]
    [InlineData(1.5, "1 hour 30 minutes")]
    [InlineData(72, "3 days")]
    [InlineData(169.5, "7 days 1 hour 30 minutes")]
    public void durations_read_in_whole_units(double hours, string words) => Words.Duration(hours).ShouldBe(words);

    [Theory]
    [InlineData("0.6666666666666666666666666667", "0.6667", "66.667%", "66.67%")]
    [InlineData("0.6666666666666666666666666667", "0.66669", "66.667%", "66.669%")]
    [InlineData("0.5", "0.75", "50%", "75%")]
    [InlineData("0.75", "0.75", "75%", "75%")]
    [InlineData("0.7", "0.6667", "70%", "66.67%")]
    public void a_share_below_its_threshold_never_reads_as_equal_to_it(string share, string threshold, string shareWords, string thresholdWords) =>
        Words.Percents(decimal.Parse(share, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(threshold, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe((shareWords, thresholdWords));
}
