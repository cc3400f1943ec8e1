using AgreementService.Agreements;
using AgreementService.Publishing;
using BenchmarkDotNet.Attributes;

/// <summary>
/// The largest version a document is made of: 50 clauses of 20,000 characters (the size cap, 1,000,000 characters), as
/// one-letter words (the most words to lay out) or as words longer than a line (every line broken inside a word).
/// bench/exports measures a 300-clause version through HTTP.
/// </summary>
[MemoryDiagnoser]
public class WorstExportBenchmarks
{
    private Edition _edition = null!;

    [Params("one-letter words", "no spaces")]
    public string Text { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var clauses = Enumerable.Range(0, 50).Select(i => new Clause(Guid.NewGuid(), $"Clause {i}",
            Text == "no spaces" ? new string((char)('a' + i % 26), Outline.MaxTextLength) : WorstDiffBenchmarks.Words(i, Outline.MaxTextLength), [])).ToList();
        _edition = new Edition(Guid.NewGuid(), "worst", "The largest agreement", 2, DateTimeOffset.UtcNow, Guid.NewGuid(), "Everything", Outline.Number(clauses));
    }

    [Benchmark]
    public int Pdf() => PdfDocuments.Version(_edition).Length;

    [Benchmark]
    public int Word() => WordDocuments.Version(_edition).Length;

    [Benchmark]
    public int AkomaNtoso() => global::AgreementService.Publishing.AkomaNtoso.Version(_edition).Length;
}
