using AgreementService.Agreements;
using AgreementService.Publishing;
using BenchmarkDotNet.Attributes;

/// <summary>
/// The worst diff a member can ask for: an agreement at its size cap (48 clauses of 20,000 characters of one-letter
/// words) and a proposal rewriting every clause into other one-letter words, so that Myers' algorithm meets as many
/// differences as there are words. bench/worst-diff measures the same through HTTP.
/// </summary>
[MemoryDiagnoser]
public class WorstDiffBenchmarks
{
    private IReadOnlyList<Clause> _from = [];
    private IReadOnlyList<Clause> _to = [];
    private AgreementDiff _diff = new(1, 2, []);

    public static string Words(int seed, int characters) =>
        string.Join(' ', Enumerable.Range(0, characters / 2).Select(i => (char)('a' + (seed + i * 7 + i / 13) % 26)));

    [GlobalSetup]
    public void Setup()
    {
        _from = Enumerable.Range(0, 48).Select(i => new Clause(Guid.NewGuid(), null, Words(i, Outline.MaxTextLength), [])).ToList();
        _to = _from.Select((c, i) => c with { Text = Words(i + 5, Outline.MaxTextLength) }).ToList();
        _diff = new AgreementDiff(1, 2, Diff.Between(_from, _to));
    }

    [Benchmark]
    public int Json() => Diff.Between(_from, _to).Count;

    [Benchmark]
    public int Html() => Renderings.DiffHtml(new AgreementDiff(1, 2, Diff.Between(_from, _to))).Length;

    [Benchmark]
    public int UnifiedDiff() => Renderings.DiffUnified(_diff, Outline.Number(_from), Outline.Number(_to)).Length;
}
