using System.Text.RegularExpressions;
using System.Xml.Linq;
using AgreementService.Agreements;
using AgreementService.Publishing;
using AgreementService.Tests.Support;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace AgreementService.Tests.Unit;

/// <summary>The PDFs read back by PdfPig, as a reader's search or a screen reader would: text, fonts, pages and the lines under and through words.</summary>
public sealed class PdfDocumentsTests
{
    private static string Flat(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    /// <summary>The PDF, also saved beside the screenshots for people to look at (nothing is compared).</summary>
    private static byte[] Kept(string name, byte[] pdf)
    {
        Directory.CreateDirectory(WebApp.ScreenshotFolder);
        File.WriteAllBytes(Path.Combine(WebApp.ScreenshotFolder, name), pdf);
        return pdf;
    }

    private static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Flat(string.Join(" ", document.GetPages().Select(p => p.Text)));
    }

    [Fact]
    public void a_version_prints_its_title_version_ratification_and_every_clause_in_every_script()
    {
        var edition = ExportSamples.Edition();
        var text = TextOf(Kept("version.pdf", PdfDocuments.Version(edition)));

        text.ShouldStartWith(Flat(edition.Title));
        text.ShouldContain("Version 2, ratified on 30 November 2026 by the proposal “Share pleadings”");
        foreach (var clause in Outline.All(ExportSamples.Clauses))
        {
            var number = Outline.NumberOf(ExportSamples.Clauses, clause.Id)!;
            text.ShouldContain(Flat(clause.Heading is null ? number : $"{number} {clause.Heading}"));
            foreach (var paragraph in clause.Text.Split("\n\n"))
            {
                text.ShouldContain(Flat(paragraph));
            }
        }

        text.ShouldContain("Ενεργούμε με φροντίδα και σεβασμό.");
        text.ShouldContain("Мы действуем с заботой и уважением.");
        text.ShouldContain("Łódź, Čačak, Ærø");
    }

    [Fact]
    public void the_founding_text_says_so() =>
        TextOf(PdfDocuments.Version(ExportSamples.Edition(version: 1))).ShouldContain("Version 1, the founding text, adopted on 30 November 2026");

    [Fact]
    public void a_clause_holding_markup_or_script_prints_as_its_text() =>
        TextOf(PdfDocuments.Version(ExportSamples.Edition())).ShouldContain(Flat(ExportSamples.MarkupText));

    /// <summary>
    /// The document's XMP metadata (title and subject, which readers, indexers and archives parse as XML): PDFsharp writes
    /// the title into it unescaped, so a title "&lt;/rdf:li&gt;…" could end the element and add properties of its own. Its
    /// document properties carry the title with fullwidth &amp;, &lt; and &gt;; its pages, as written.
    /// </summary>
    [Fact]
    public void a_title_or_subject_holding_markup_stays_text_in_the_xmp_metadata()
    {
        const string hostile = "</rdf:li></rdf:Alt></dc:title><dc:creator><rdf:Seq><rdf:li>Mallory</rdf:li></rdf:Seq></dc:creator><dc:title><rdf:Alt><rdf:li> & ]]> <!DOCTYPE x>";
        var edition = ExportSamples.Edition() with { Title = hostile };
        var amendment = ExportSamples.Amendment() with { Title = hostile };
        var property = hostile.Replace('&', '＆').Replace('<', '＜').Replace('>', '＞');
        foreach (var (pdf, title) in new[] { (PdfDocuments.Version(edition), property), (PdfDocuments.Changes(amendment), property) })
        {
            TextOf(pdf).ShouldContain(Flat(hostile), Case.Sensitive, "the pages print the title as written");
            using var document = PdfDocument.Open(pdf);
            document.Information.Title.ShouldBe(title);
            document.TryGetXmpMetadata(out var xmp).ShouldBeTrue();
            var xml = XDocument.Parse(System.Text.Encoding.UTF8.GetString(xmp.GetXmlBytes().ToArray()).TrimStart('\uFEFF')); // PdfPig's GetXDocument reads Latin-1
            XNamespace dc = "http://purl.org/dc/elements/1.1/";
            xml.Descendants(dc + "title").Single().Value.ShouldBe(title);
            xml.Descendants(dc + "creator").SelectMany(c => c.Descendants()).Select(e => e.Value).ShouldNotContain("Mallory");
        }
    }

    [Fact]
    public void the_font_is_embedded_and_every_letter_is_drawn_with_it()
    {
        using var document = PdfDocument.Open(PdfDocuments.Version(ExportSamples.Edition()));
        var letters = document.GetPages().SelectMany(p => p.Letters).ToList();

        letters.Select(l => l.FontName ?? "").Distinct().ShouldAllBe(name => Regex.IsMatch(name, @"^[A-Z]{6}\+DejaVu Serif"), "a subset of the font, embedded");
        letters.ShouldContain(l => l.Value == "Ω" || l.Value == "α");
        System.Text.Encoding.Latin1.GetString(PdfDocuments.Version(ExportSamples.Edition())).ShouldContain("/FontFile2"); // a TrueType font program, embedded
    }

    [Fact]
    public void a_long_version_runs_over_pages_each_with_its_footer_and_page_number()
    {
        var clauses = Enumerable.Range(1, 120).Select(i => new Clause(Guid.NewGuid(), $"Clause heading {i}",
            string.Join(' ', Enumerable.Repeat($"Text of clause {i} that runs on over several lines of the page.", 6)), [])).ToList();
        var edition = ExportSamples.Edition() with { Clauses = Outline.Number(clauses) };

        using var document = PdfDocument.Open(Kept("long-version.pdf", PdfDocuments.Version(edition)));

        document.NumberOfPages.ShouldBeGreaterThan(5);
        foreach (var page in document.GetPages())
        {
            var text = Flat(page.Text);
            text.ShouldContain($"Page {page.Number} of {document.NumberOfPages}");
            text.ShouldContain("version 2");
            page.Letters.ShouldAllBe(l => l.BoundingBox.Bottom > 0 && l.BoundingBox.Top < page.Height);
        }

        var all = TextOf(PdfDocuments.Version(edition));
        all.ShouldContain("120 Clause heading 120");
        all.ShouldContain(Flat(clauses[^1].Text));
    }

    [Fact]
    public void a_word_longer_than_a_line_is_broken_and_kept()
    {
        var word = new string('x', 400);
        var edition = ExportSamples.Edition() with { Clauses = Outline.Number([new Clause(Guid.NewGuid(), null, word, [])]) };

        TextOf(PdfDocuments.Version(edition)).Replace(" ", "").ShouldContain(word);
    }

    [Fact]
    public void letters_the_font_lacks_and_words_of_surrogate_pairs_still_make_a_pdf_with_the_rest_of_the_text()
    {
        var text = "Chinese 中文, emoji " + string.Concat(Enumerable.Repeat("😀", 300)) + " and the end.";
        var edition = ExportSamples.Edition() with { Clauses = Outline.Number([new Clause(Guid.NewGuid(), "Elsewhere", text, [])]) };

        var printed = TextOf(PdfDocuments.Version(edition));

        printed.ShouldContain("1 Elsewhere");
        printed.ShouldContain("and the end.");
    }

    [Fact]
    public void a_proposal_heads_each_change_in_words_and_marks_words_without_colour()
    {
        var amendment = ExportSamples.Amendment();
        amendment.Diff.Clauses.SelectMany(c => c.Changes).Distinct().ShouldBe(
            [ClauseDiffKind.Moved, ClauseDiffKind.Amended, ClauseDiffKind.Renumbered, ClauseDiffKind.Added, ClauseDiffKind.Removed], ignoreOrder: true);

        var pdf = Kept("proposal.pdf", PdfDocuments.Changes(amendment));
        var text = TextOf(pdf);

        text.ShouldContain("Courage, and a yearly review");
        text.ShouldContain("Proposal “Courage, and a yearly review” by Αλέξανδρος Dvořák, 1 December 2026 (open), against version 2 of Strategic");
        text.ShouldContain("Care is not enough; <b>courage</b> too.");
        text.ShouldContain("In 3 replace:");
        text.ShouldContain("After 4 insert:");
        text.ShouldContain("Remove 1.2.1");
        text.ShouldContain("Move 2.2 to after 1");
        text.ShouldContain("We act with care courage and respect.");
        text.ShouldContain("Ενεργούμε με φροντίδα θάρρος και σεβασμό.");

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        Lined(page, "courage", under: true).ShouldBeTrue("inserted words are underlined");
        Lined(page, "care", under: false).ShouldBeTrue("deleted words are struck through");
        Lined(page, "respect.", under: true).ShouldBeFalse("unchanged words are not underlined");
        Lined(page, "respect.", under: false).ShouldBeFalse("unchanged words are not struck through");
        page.Paths.SelectMany(p => new[] { p.FillColor, p.StrokeColor }).OfType<UglyToad.PdfPig.Graphics.Colors.IColor>()
            .Select(c => c.ToRGBValues()).ShouldAllBe(rgb => rgb.r == 0 && rgb.g == 0 && rgb.b == 0, "black only: the marks survive black-and-white printing");
    }

    /// <summary>Whether a line is drawn under (near the baseline) or through (near the middle) the first place the word is printed alone.</summary>
    private static bool Lined(Page page, string word, bool under)
    {
        var letters = page.GetWords().First(w => w.Text == word).Letters;
        var (left, right, baseline, height) = (letters[0].BoundingBox.Left, letters[^1].BoundingBox.Right, letters[0].StartBaseLine.Y,
            letters.Max(l => l.BoundingBox.Height));
        return page.Paths.Select(p => p.GetBoundingRectangle()).OfType<UglyToad.PdfPig.Core.PdfRectangle>().Any(r =>
            r.Left <= left + 1 && r.Right >= right - 1 && r.Height < 2
            && (under ? r.Top <= baseline + 0.5 && r.Top >= baseline - 3 : r.Bottom > baseline + height * 0.2 && r.Top < baseline + height * 0.8));
    }
}
