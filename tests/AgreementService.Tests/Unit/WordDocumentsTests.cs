using AgreementService.Agreements;
using AgreementService.Proposals;
using AgreementService.Publishing;
using AgreementService.Tests.Support;
using CsCheck;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Xunit.Abstractions;
using Outline = AgreementService.Agreements.Outline;

namespace AgreementService.Tests.Unit;

public sealed class WordDocumentsTests(ITestOutputHelper output)
{
    public static TheoryData<string> Documents => ["version", "founding text", "tracked changes"];

    private static byte[] Render(string document) => document switch
    {
        "version" => WordDocuments.Version(ExportSamples.Edition()),
        "founding text" => WordDocuments.Version(ExportSamples.Edition(1)),
        _ => WordDocuments.TrackedChanges(ExportSamples.Amendment()),
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void each_document_is_valid_open_xml(string document)
    {
        using var word = Open(Render(document));

        var errors = new OpenXmlValidator(FileFormatVersions.Microsoft365).Validate(word).ToList();

        foreach (var error in errors)
        {
            output.WriteLine($"{error.Part?.Uri} {error.Path?.XPath}: {error.Description}");
        }

        errors.ShouldBeEmpty();
    }

    [Fact]
    public void a_version_reads_back_with_its_title_date_proposal_and_every_clause_heading_and_text()
    {
        using var word = Open(WordDocuments.Version(ExportSamples.Edition()));
        var paragraphs = Body(word).Elements<Paragraph>().Select(p => p.InnerText).ToList();

        word.PackageProperties.Title.ShouldBe(ExportSamples.Edition().Title);
        word.PackageProperties.Subject.ShouldBe($"Version 2 of {ExportSamples.Edition().Title}");
        paragraphs[0].ShouldBe("Strategic Litigation Charter — Χάρτης · Хартия");
        paragraphs[1].ShouldBe("Version 2, ratified on 30 November 2026 by the proposal “Share pleadings”");
        paragraphs.Skip(2).ShouldBe(Expected(ExportSamples.Edition().Clauses).Select(p => p.Text));
        paragraphs.ShouldContain("Ενεργούμε με φροντίδα και σεβασμό.");
        paragraphs.ShouldContain("Ценности");
        word.MainDocumentPart!.FooterParts.Single().Footer!.InnerText.ShouldBe("Strategic Litigation Charter — Χάρτης · Хартия — version 2 — page 1");
    }

    [Fact]
    public void the_founding_text_says_so() =>
        Body(Open(WordDocuments.Version(ExportSamples.Edition(1)))).Elements<Paragraph>().ElementAt(1).InnerText.ShouldBe("Version 1, the founding text, adopted on 30 November 2026");

    [Fact]
    public void clause_headings_carry_word_numbering_at_their_depth_in_heading_styles()
    {
        using var word = Open(WordDocuments.Version(ExportSamples.Edition()));

        var headings = Body(word).Elements<Paragraph>().Where(p => p.ParagraphProperties?.NumberingProperties is not null).ToList();

        headings.Select(p => p.ParagraphProperties!.NumberingProperties!.NumberingLevelReference!.Val!.Value)
            .ShouldBe(Expected(ExportSamples.Edition().Clauses).Where(p => p.Style is not null).Select(p => p.Depth - 1));
        headings.Select(p => p.ParagraphProperties!.ParagraphStyleId!.Val!.Value).ShouldBe(Expected(ExportSamples.Edition().Clauses).Where(p => p.Style is not null).Select(p => p.Style));
        var numbering = word.MainDocumentPart!.NumberingDefinitionsPart!.Numbering!;
        numbering.Descendants<Level>().Select(l => (l.LevelText!.Val!.Value, l.ParagraphStyleIdInLevel!.Val!.Value))
            .ShouldBe([("%1", "Heading1"), ("%1.%2", "Heading2"), ("%1.%2.%3", "Heading3")]);
        var numId = headings[0].ParagraphProperties!.NumberingProperties!.NumberingId!.Val!.Value;
        numbering.Elements<NumberingInstance>().Single().NumberID!.Value.ShouldBe(numId);
    }

    [Fact]
    public void a_clause_without_heading_keeps_its_numbered_heading_paragraph_empty()
    {
        using var word = Open(WordDocuments.Version(ExportSamples.Edition()));

        var heading = Body(word).Elements<Paragraph>().Where(p => p.ParagraphProperties?.NumberingProperties is not null).ElementAt(1); // 1.1

        heading.InnerText.ShouldBeEmpty();
        heading.ElementsAfter().OfType<Paragraph>().First().InnerText.ShouldStartWith("Members share their pleadings");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void a_clause_holding_markup_comes_out_as_text(string document)
    {
        using var word = Open(Render(document));

        var text = Body(word).Descendants<Text>().Single(t => t.Text == ExportSamples.MarkupText);

        text.ChildElements.ShouldBeEmpty();
        text.Parent!.Parent!.ChildElements.Where(e => e is not ParagraphProperties).ShouldHaveSingleItem(); // one run, in the paragraph
        Body(word).Descendants<Text>().ShouldContain(t => t.Text == "<i>Markup</i> & script");
        Body(word).Descendants().ShouldNotContain(e => e.LocalName == "script" || e.LocalName == "i");
    }

    [Fact]
    public void tracked_changes_carry_the_proposals_author_and_date_with_ids_of_their_own()
    {
        var amendment = ExportSamples.Amendment();
        using var word = Open(WordDocuments.TrackedChanges(amendment));
        var body = Body(word);

        var revisions = body.Descendants().Where(e => e is InsertedRun or DeletedRun or Inserted or Deleted).ToList();

        revisions.ShouldNotBeEmpty();
        body.Descendants<InsertedRun>().ShouldNotBeEmpty();
        body.Descendants<DeletedRun>().ShouldNotBeEmpty();
        revisions.Select(r => r.GetAttribute("author", W).Value).Distinct().ShouldBe(["Αλέξανδρος Dvořák"]);
        revisions.Select(r => r.GetAttribute("date", W).Value).Distinct().ShouldBe(["2026-12-01T09:30:00Z"]);
        revisions.Select(r => r.GetAttribute("id", W).Value).ShouldBeUnique();
        word.MainDocumentPart!.DocumentSettingsPart!.Settings!.Elements<TrackRevisions>().ShouldNotBeEmpty();
    }

    [Fact]
    public void tracked_changes_open_with_the_proposal_and_its_rationale_as_plain_text()
    {
        using var word = Open(WordDocuments.TrackedChanges(ExportSamples.Amendment()));

        Body(word).Elements<Paragraph>().Take(3).Select(p => p.InnerText).ShouldBe([
            "Strategic Litigation Charter — Χάρτης · Хартия",
            "Proposal “Courage, and a yearly review” by Αλέξανδρος Dvořák, 1 December 2026 (open), against version 2 of Strategic Litigation Charter — Χάρτης · Хартия",
            "Care is not enough; <b>courage</b> too.",
        ]);
    }

    [Fact]
    public void amended_words_removed_and_added_clauses_are_tracked()
    {
        using var word = Open(WordDocuments.TrackedChanges(ExportSamples.Amendment()));
        var body = Body(word);
        var deleted = body.Descendants<DeletedRun>().SelectMany(d => d.Descendants<DeletedText>()).Select(t => t.Text).ToList();
        var inserted = body.Descendants<InsertedRun>().SelectMany(i => i.Descendants<Text>()).Select(t => t.Text).ToList();

        deleted.ShouldContain("care");
        inserted.ShouldContain("courage");
        deleted.ShouldContain("φροντίδα");
        inserted.ShouldContain("θάρρος");
        deleted.ShouldContain("Costs"); // 1.2.1, removed
        deleted.ShouldContain("Costs are shared fairly.");
        inserted.ShouldContain("Review"); // added after 3
        inserted.ShouldContain("We review this charter every year.");
        deleted.ShouldContain("Мы действуем с заботой и уважением."); // 2.2, moved to after 1
        inserted.ShouldContain("Мы действуем с заботой и уважением.");
        body.Descendants<InsertedRun>().SelectMany(i => i.Descendants<DeletedText>()).ShouldBeEmpty();
        body.Descendants<DeletedRun>().SelectMany(d => d.Descendants<Text>()).ShouldBeEmpty(); // deleted words are in w:delText only
    }

    [Fact]
    public void accepting_every_change_gives_the_proposals_text_and_rejecting_them_the_version_it_applies_to()
    {
        var amendment = ExportSamples.Amendment();
        using var word = Open(WordDocuments.TrackedChanges(amendment));

        Read(word, accept: true).ShouldBe(Expected(amendment.Result));
        Read(word, accept: false).ShouldBe(Expected(amendment.Base.Clauses));
    }

    [Fact]
    public void removed_and_moved_clauses_are_deleted_where_they_stood()
    {
        using var word = Open(WordDocuments.TrackedChanges(ExportSamples.Amendment()));

        var headings = Body(word).Elements<Paragraph>().Where(p => p.ParagraphProperties?.NumberingProperties is not null)
            .Select(p => (p.ParagraphProperties!.ParagraphMarkRunProperties?.FirstChild?.LocalName ?? "", string.Concat(p.Descendants().Where(e => e is Text or DeletedText).Select(e => e.InnerText))))
            .ToList();

        headings.ShouldBe([
            ("", "Purpose"), ("", ""), ("", "Strategic cases"), ("del", "Costs"), ("ins", "Ценности"), ("", "Values"), ("", "Αξίες"), ("del", "Ценности"),
            ("", "<i>Markup</i> & script"), ("", "Decisions"), ("ins", "Review"),
        ]);
    }

    /// <summary>Amended texts whose paragraphs are added, removed, joined and split, inside clauses that move and lose their parents.</summary>
    public static TheoryData<string, string> Amendments => new()
    {
        { "One.\n\nTwo.", "One.\n\nOne and a half.\n\nTwo." },
        { "One.\n\nTwo.\n\nThree.", "One. Three." },
        { "One two.", "One.\n\nTwo." },
        { "One.\nLine two.\n\n\nTwo.", "\n\nOne.\n\n Two, amended.\tTab. " },
        { "Whole.", "Entirely other words." },
        { "One.\n\nTwo.", "One.\nTwo." },
        { "One.\nTwo.", "One.\n\nTwo." },
        { "One.\n \n\nTwo.", "One. \n\n\n\n \nTwo." },
    };

    [Theory]
    [MemberData(nameof(Amendments))]
    public void an_amendment_accepted_and_rejected_gives_back_both_texts(string before, string after) => AcceptAndReject(before, after);

    [Fact]
    public void any_amendment_accepted_and_rejected_gives_back_both_texts()
    {
        var text = Gen.OneOf<string>("one", "two", " ", "\n", "\n\n", "\t", "\r\n").Array[0, 12].Select(parts => "x " + string.Concat(parts));
        Gen.Select(text, text).Sample(AcceptAndReject, iter: 100);
    }

    private static void AcceptAndReject(string before, string after)
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), b1 = Guid.NewGuid(), b11 = Guid.NewGuid(), c = Guid.NewGuid();
        IReadOnlyList<Clause> clauses =
        [
            new(a, "A", "First.", []),
            new(b, null, before, [new(b1, "B1", before, [new(b11, "B11", "Deep.", [])])]),
            new(c, "C", "Last.", []),
        ];
        var amendment = Amend(clauses, new AmendClause(b, "B", after), new AmendClause(b11, null, after), new MoveClause(b1, null, null), new RemoveClause(a),
            new AddClause(Guid.NewGuid(), b, null, null, after));
        using var word = Open(WordDocuments.TrackedChanges(amendment));

        new OpenXmlValidator(FileFormatVersions.Microsoft365).Validate(word).ShouldBeEmpty();
        Read(word, accept: true).ShouldBe(Expected(amendment.Result));
        Read(word, accept: false).ShouldBe(Expected(amendment.Base.Clauses));
    }

    private static Amendment Amend(IReadOnlyList<Clause> clauses, params Change[] changes)
    {
        var result = OutlineEditor.Apply(clauses, changes, Guid.NewGuid).Clauses;
        var edition = new Edition(Guid.NewGuid(), "a", "A", 1, DateTimeOffset.UnixEpoch, null, AgreementVersion.FoundingTitle, Outline.Number(clauses));
        return new Amendment(Guid.NewGuid(), "P", "", "Author", DateTimeOffset.UnixEpoch, ProposalStatus.Open, edition, Outline.Number(result),
            new AgreementDiff(1, 2, Diff.Between(clauses, result)));
    }

    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    private static WordprocessingDocument Open(byte[] docx) => WordprocessingDocument.Open(new MemoryStream(docx), false);

    private static Body Body(WordprocessingDocument word) => word.MainDocumentPart!.Document!.Body!;

    /// <summary>The paragraphs a reader expects of an outline: each clause's heading (empty without one) in the style of its depth, then its text paragraphs.</summary>
    private static List<(string? Style, int Depth, string Text)> Expected(IReadOnlyList<NumberedClause> clauses, int depth = 1) =>
        clauses.SelectMany(c => Renderings.Paragraphs(c.Text).Select(p => ((string?)null, depth, p.Replace("\r", "", StringComparison.Ordinal)))
            .Prepend(($"Heading{depth}", depth, c.Heading ?? "")).Concat(Expected(c.Clauses, depth + 1))).ToList();

    /// <summary>
    /// The clause paragraphs (from the first heading on) as Word shows them once every change is accepted, or rejected: the
    /// runs of the other kind dropped, and a paragraph whose mark goes joins the next (which keeps its own properties).
    /// </summary>
    private static List<(string? Style, int Depth, string Text)> Read(WordprocessingDocument word, bool accept)
    {
        var result = new List<(string? Style, int Depth, string Text)>();
        var carried = "";
        var depth = 0;
        foreach (var paragraph in Body(word).Elements<Paragraph>().SkipWhile(p => p.ParagraphProperties?.NumberingProperties is null))
        {
            var gone = accept ? typeof(DeletedRun) : typeof(InsertedRun);
            var text = carried + string.Concat(paragraph.Descendants().Where(e => e is Text or DeletedText or Break or TabChar && !e.Ancestors().Any(a => a.GetType() == gone))
                .Select(e => e switch { Break => "\n", TabChar => "\t", _ => e.InnerText }));
            var mark = paragraph.ParagraphProperties?.ParagraphMarkRunProperties?.FirstChild;
            if (accept ? mark is Deleted : mark is Inserted)
            {
                carried = text;
                continue;
            }

            carried = "";
            var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
            if (style is not null)
            {
                depth = int.Parse(style[^1..]);
                paragraph.ParagraphProperties!.NumberingProperties!.NumberingLevelReference!.Val!.Value.ShouldBe(depth - 1);
            }

            result.Add((style, depth, text));
        }

        return result;
    }
}
