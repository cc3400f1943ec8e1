using System.Xml.Linq;
using AgreementService.Agreements;
using AgreementService.Publishing;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Unit;

public sealed class AkomaNtosoTests
{
    private static readonly XNamespace Akn = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

    private static XDocument Read(byte[] xml)
    {
        using var stream = new MemoryStream(xml);
        return XDocument.Load(stream);
    }

    private static XElement Version(Edition edition) => Read(AkomaNtoso.Version(edition)).Root!;

    /// <summary>The version the sample proposal would make: its result, ratified as the next version.</summary>
    private static Edition Next()
    {
        var amendment = ExportSamples.Amendment();
        return amendment.Base with { Version = amendment.Base.Version + 1, ProposalId = amendment.ProposalId, ProposalTitle = amendment.Title, Clauses = amendment.Result };
    }

    private static string Id(Guid clause) => $"sec_{clause:N}";

    private static string? EId(XElement element) => element.Attribute("eId")?.Value;

    private static IEnumerable<XElement> Sections(XElement root) => root.Descendants(Akn + "section");

    [Fact]
    public void a_version_is_an_act_of_akoma_ntoso_3_with_its_work_expression_and_manifestation()
    {
        var edition = ExportSamples.Edition();

        var root = Version(edition);

        root.Name.ShouldBe(Akn + "akomaNtoso");
        var act = root.Element(Akn + "act").ShouldNotBeNull();
        act.Attribute("name")!.Value.ShouldBe("communityAgreement");
        var identification = act.Element(Akn + "meta")!.Element(Akn + "identification").ShouldNotBeNull();
        identification.Attribute("source")!.Value.ShouldBe("#agreementService");
        var work = identification.Element(Akn + "FRBRWork")!;
        var expression = identification.Element(Akn + "FRBRExpression")!;
        var manifestation = identification.Element(Akn + "FRBRManifestation")!;
        work.Element(Akn + "FRBRuri")!.Attribute("value")!.Value.ShouldBe("/akn/eu/act/agreement/litigation-charter");
        work.Element(Akn + "FRBRcountry")!.Attribute("value")!.Value.ShouldBe("eu");
        expression.Element(Akn + "FRBRuri")!.Attribute("value")!.Value.ShouldBe("/akn/eu/act/agreement/litigation-charter/mul@v2");
        expression.Element(Akn + "FRBRthis")!.Attribute("value")!.Value.ShouldBe("/akn/eu/act/agreement/litigation-charter/mul@v2/!main");
        expression.Element(Akn + "FRBRlanguage")!.Attribute("language")!.Value.ShouldBe("mul");
        manifestation.Element(Akn + "FRBRthis")!.Attribute("value")!.Value.ShouldBe("/akn/eu/act/agreement/litigation-charter/mul@v2/!main.xml");
        foreach (var level in new[] { work, expression, manifestation })
        {
            level.Element(Akn + "FRBRdate")!.Attribute("date")!.Value.ShouldBe("2026-11-30");
            var author = level.Element(Akn + "FRBRauthor")!.Attribute("href")!.Value;
            act.Descendants(Akn + "references").Elements().Select(r => "#" + EId(r)).ShouldContain(author, "every author names a reference");
        }

        var preface = act.Element(Akn + "preface")!;
        preface.Descendants(Akn + "docTitle").Single().Value.ShouldBe(edition.Title);
        preface.Descendants(Akn + "docNumber").Single().Value.ShouldBe("Version 2");
        var made = preface.Descendants(Akn + "ref").Single();
        (made.Value, made.Attribute("href")!.Value).ShouldBe(("Share pleadings", $"/akn/eu/amendment/agreement/litigation-charter/{edition.ProposalId}"));
        act.Descendants(Akn + "eventRef").Single().Attribute("date")!.Value.ShouldBe("2026-11-30");
    }

    [Fact]
    public void the_founding_text_is_the_original_version_made_by_no_proposal()
    {
        var act = Version(ExportSamples.Edition(1)).Element(Akn + "act")!;

        act.Attribute("contains")!.Value.ShouldBe("originalVersion");
        act.Descendants(Akn + "FRBRExpression").Single().Element(Akn + "FRBRuri")!.Attribute("value")!.Value.ShouldBe("/akn/eu/act/agreement/litigation-charter/mul@v1");
        act.Element(Akn + "preface")!.Elements(Akn + "p").Select(p => p.Value.Trim()).ShouldContain("Founding text");
        act.Descendants(Akn + "ref").ShouldBeEmpty();
        act.Descendants(Akn + "eventRef").Single().Attribute("type")!.Value.ShouldBe("generation");
    }

    [Fact]
    public void every_clause_is_a_section_with_its_number_heading_and_paragraphs_nested_as_the_outline_is()
    {
        var edition = ExportSamples.Edition();

        var body = Version(edition).Descendants(Akn + "body").Single();

        void Same(IReadOnlyList<NumberedClause> clauses, XElement parent)
        {
            var sections = parent.Elements(Akn + "section").ToList();
            sections.Select(EId).ShouldBe(clauses.Select(c => Id(c.Id)));
            foreach (var (clause, section) in clauses.Zip(sections))
            {
                section.Element(Akn + "num")!.Value.ShouldBe(clause.Number);
                section.Element(Akn + "heading")?.Value.ShouldBe(clause.Heading);
                var text = section.Element(Akn + (clause.Clauses.Count == 0 ? "content" : "intro")).ShouldNotBeNull();
                text.Elements(Akn + "p").Select(p => p.Value).ShouldBe(clause.Text.Split("\n\n"));
                section.Elements().Select(e => e.Name.LocalName).ShouldBe(
                    ["num", .. clause.Heading is null ? Array.Empty<string>() : ["heading"], clause.Clauses.Count == 0 ? "content" : "intro", .. clause.Clauses.Select(_ => "section")],
                    "num, heading, then the text before any sub-clause");
                Same(clause.Clauses, section);
            }
        }

        Same(edition.Clauses, body);
        Sections(body).Count().ShouldBe(9);
        Sections(body).Single(s => EId(s) == Id(ExportSamples.Purpose)).Element(Akn + "intro")!.Elements(Akn + "p").Select(EId)
            .ShouldBe([$"{Id(ExportSamples.Purpose)}__intro__p_1", $"{Id(ExportSamples.Purpose)}__intro__p_2"]);
    }

    [Fact]
    public void two_versions_give_the_same_clause_the_same_eId_wherever_it_moved()
    {
        var (before, after) = (Version(ExportSamples.Edition()), Version(Next()));

        var was = Sections(before).ToDictionary(s => EId(s)!, s => s.Element(Akn + "num")!.Value);
        var now = Sections(after).ToDictionary(s => EId(s)!, s => s.Element(Akn + "num")!.Value);

        was[Id(ExportSamples.Cyrillic)].ShouldBe("2.2");
        now[Id(ExportSamples.Cyrillic)].ShouldBe("2", "moved to the top level, with the same eId");
        now[Id(ExportSamples.Values)].ShouldBe("3");
        was.Keys.Intersect(now.Keys).Count().ShouldBe(8, "all but the removed clause are in both");
        was.Keys.Except(now.Keys).ShouldBe([Id(ExportSamples.Deep)]);
        now.Keys.Except(was.Keys).ShouldBe([Id(ExportSamples.Added)]);
        Sections(after).Single(s => EId(s) == Id(ExportSamples.Cyrillic)).Parent!.Name.ShouldBe(Akn + "body");
    }

    [Fact]
    public void a_clause_holding_markup_comes_out_as_text()
    {
        var root = Version(ExportSamples.Edition());

        var section = Sections(root).Single(s => EId(s) == Id(ExportSamples.Markup));
        section.Element(Akn + "heading")!.Nodes().ShouldHaveSingleItem().ShouldBeOfType<XText>().Value.ShouldBe("<i>Markup</i> & script");
        section.Element(Akn + "content")!.Element(Akn + "p")!.Nodes().ShouldHaveSingleItem().ShouldBeOfType<XText>().Value.ShouldBe(ExportSamples.MarkupText);
        root.Descendants().Select(e => e.Name.LocalName).ShouldNotContain("script");
        root.Descendants().Select(e => e.Name.LocalName).ShouldNotContain("b");
        root.Descendants().Select(e => e.Name.Namespace).Distinct().ShouldBe([Akn]);
    }

    [Fact]
    public void a_line_break_inside_a_paragraph_is_an_eol()
    {
        var edition = ExportSamples.Edition() with { Clauses = Outline.Number([new Clause(ExportSamples.Purpose, null, "One\ntwo\n\nThree", [])]) };

        var paragraphs = Version(edition).Descendants(Akn + "p").Where(p => p.Ancestors(Akn + "body").Any()).ToList();

        paragraphs.Select(p => p.Nodes().Select(n => n is XElement e ? $"<{e.Name.LocalName}>" : ((XText)n).Value)).ShouldBe([["One", "<eol>", "two"], ["Three"]]);
    }

    [Fact]
    public void a_proposal_is_an_amendment_with_one_textual_mod_per_change_in_the_standards_words()
    {
        var amendment = ExportSamples.Amendment();

        var root = Read(AkomaNtoso.Amendment(amendment)).Root!;

        var document = root.Element(Akn + "amendment").ShouldNotBeNull();
        document.Descendants(Akn + "FRBRWork").Single().Element(Akn + "FRBRuri")!.Attribute("value")!.Value
            .ShouldBe($"/akn/eu/amendment/agreement/litigation-charter/{amendment.ProposalId}");
        var mods = document.Descendants(Akn + "textualMod").ToList();
        (string Type, string Destination) Mod(XElement m) =>
            (m.Attribute("type")!.Value, m.Element(Akn + "destination")!.Attribute("href")!.Value.Split('#')[1]);
        string Of(Guid clause) => Id(clause);
        mods.Select(Mod).OrderBy(m => m.Destination).ThenBy(m => m.Type).ShouldBe(new[]
        {
            ("substitution", Of(ExportSamples.Values)), ("renumbering", Of(ExportSamples.Values)),
            ("substitution", Of(ExportSamples.Greek)), ("renumbering", Of(ExportSamples.Greek)),
            ("renumbering", Of(ExportSamples.Cyrillic)),
            ("renumbering", Of(ExportSamples.Markup)),
            ("renumbering", Of(ExportSamples.Decisions)),
            ("insertion", Of(ExportSamples.Decisions)),
            ("repeal", Of(ExportSamples.Deep)),
        }.OrderBy(m => m.Item2).ThenBy(m => m.Item1));
        mods.ShouldAllBe(m => m.Element(Akn + "destination")!.Attribute("href")!.Value.StartsWith("/akn/eu/act/agreement/litigation-charter/mul@v2/!main#"),
            "every destination is in the version the proposal amends");
        mods.Single(m => m.Attribute("type")!.Value == "insertion").Element(Akn + "destination")!.Attribute("pos")!.Value
            .ShouldBe("after", "the new clause goes after 3, Decisions");

        var byEId = document.Descendants().Where(e => EId(e) is not null).ToDictionary(e => EId(e)!);
        foreach (var mod in mods)
        {
            var source = byEId[mod.Element(Akn + "source")!.Attribute("href")!.Value.TrimStart('#')];
            source.Name.ShouldBe(Akn + "mod");
            source.Ancestors(Akn + "amendmentContent").ShouldNotBeEmpty();
            foreach (var quote in mod.Elements().Where(e => e.Name == Akn + "old" || e.Name == Akn + "new"))
            {
                var quoted = byEId[quote.Attribute("href")!.Value.TrimStart('#')];
                quoted.Name.ShouldBe(Akn + "quotedStructure");
                quoted.Parent.ShouldBe(source);
            }
        }

        string Quoted(Guid clause, string which)
        {
            var mod = mods.First(m => Mod(m).Destination == Of(clause) && m.Element(Akn + which) is not null);
            return byEId[mod.Element(Akn + which)!.Attribute("href")!.Value.TrimStart('#')].Descendants(Akn + "p").Single().Value;
        }

        Quoted(ExportSamples.Values, "old").ShouldBe("We act with care and respect.");
        Quoted(ExportSamples.Values, "new").ShouldBe("We act with courage and respect.");
        Quoted(ExportSamples.Greek, "old").ShouldBe("Ενεργούμε με φροντίδα και σεβασμό.");
        Quoted(ExportSamples.Greek, "new").ShouldBe("Ενεργούμε με θάρρος και σεβασμό.");
        Quoted(ExportSamples.Deep, "old").ShouldBe("Costs are shared fairly.");
        var inserted = mods.Single(m => m.Attribute("type")!.Value == "insertion").Element(Akn + "new")!.Attribute("href")!.Value.TrimStart('#');
        byEId[inserted].Element(Akn + "section")!.Element(Akn + "heading")!.Value.ShouldBe("Review");
        EId(byEId[inserted].Element(Akn + "section")!)!.ShouldEndWith(Id(ExportSamples.Added), customMessage: "the quoted clause carries the eId it will have");
    }

    [Fact]
    public void a_proposal_says_each_change_in_words_with_its_title_author_date_and_rationale()
    {
        var amendment = ExportSamples.Amendment();

        var document = Read(AkomaNtoso.Amendment(amendment)).Root!.Element(Akn + "amendment")!;

        document.Descendants(Akn + "docTitle").Single().Value.ShouldBe("Courage, and a yearly review");
        document.Descendants(Akn + "docProponent").Single().Value.ShouldBe("Αλέξανδρος Dvořák");
        document.Descendants(Akn + "docDate").Single().Attribute("date")!.Value.ShouldBe("2026-12-01");
        var content = document.Descendants(Akn + "amendmentContent").Single();
        content.Elements(Akn + "p").Count().ShouldBe(amendment.Diff.Clauses.Count);
        var words = content.Descendants(Akn + "mod").Select(m => m.Nodes().OfType<XText>().First().Value).ToList();
        words.ShouldContain("In 3 replace: ");
        words.ShouldContain("After 4 insert: ");
        words.ShouldContain("Remove 1.2.1 ");
        words.ShouldContain("Move 2.2 to after 1");
        var justification = document.Descendants(Akn + "amendmentJustification").Single();
        justification.Elements(Akn + "p").Single().Nodes().ShouldHaveSingleItem().ShouldBeOfType<XText>().Value.ShouldBe(amendment.Rationale);
        document.Descendants().Select(e => e.Name.LocalName).ShouldNotContain("b");
    }
}
