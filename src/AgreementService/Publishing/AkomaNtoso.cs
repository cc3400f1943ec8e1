using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using AgreementService.Agreements;
using AgreementService.Web;

namespace AgreementService.Publishing;

/// <summary>
/// Versions and proposals in Akoma Ntoso 3.0 (OASIS LegalDocML), the XML that LEOS and parliaments exchange legal texts
/// in: a version is an <c>act</c> whose clauses are <c>section</c>s, a proposal an <c>amendment</c> whose changes are
/// <c>textualMod</c>s in the standard's words (substitution, insertion, repeal, renumbering).
/// A clause's <c>eId</c> is made of its id, never of its number (<c>sec_</c> and the id's 32 hex digits), so the same
/// clause has the same eId in every version, wherever it moves, and an amendment's destinations name it in the version
/// it applies to. Written with System.Xml: clause text is always text, never markup.
/// </summary>
public static class AkomaNtoso
{
    private static readonly XNamespace Akn = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

    /// <summary>
    /// FRBRcountry: communities write their agreements across Europe under no one jurisdiction; "eu" is the ISO 3166
    /// code reserved for the European Union, the one that names Europe as a whole (and the one LEOS uses).
    /// </summary>
    public const string Country = "eu";

    /// <summary>
    /// FRBRlanguage: an agreement records no language, and one text often holds several (the service is made for
    /// Greek, Cyrillic and Latin scripts side by side): ISO 639-2 "mul", multiple languages, claims nothing false.
    /// </summary>
    public const string Language = "mul";

    private const string Service = "agreementService";

    /// <summary>A version as an Akoma Ntoso <c>act</c>, UTF-8.</summary>
    public static byte[] Version(Edition edition)
    {
        var expression = ExpressionUri(edition.Slug, edition.Version);
        var proposal = edition.ProposalId is { } id ? AmendmentUri(edition.Slug, id) : null;
        var origin = proposal is null ? null : new XElement(Akn + "passiveRef", Id("proposal"), Href(proposal), ShowAs(edition.ProposalTitle));
        return Save(new XElement(Akn + "act", new XAttribute("name", "communityAgreement"),
            new XAttribute("contains", edition.Version == 1 ? "originalVersion" : "singleVersion"),
            new XElement(Akn + "meta",
                Identification(WorkUri(edition.Slug), expression, edition.RatifiedAt, "ratification", "#community",
                    [new XElement(Akn + "FRBRsubtype", Value("agreement")), new XElement(Akn + "FRBRnumber", Value(edition.Slug))],
                    [new XElement(Akn + "FRBRversionNumber", Value(edition.Version.ToString(CultureInfo.InvariantCulture)))]),
                new XElement(Akn + "lifecycle", Source(),
                    new XElement(Akn + "eventRef", Id($"evt_v{edition.Version}"), new XAttribute("date", Date(edition.RatifiedAt)),
                        new XAttribute("source", origin is null ? "#original" : "#proposal"), new XAttribute("type", origin is null ? "generation" : "amendment"),
                        new XAttribute("refersTo", "#ratification"))),
                new XElement(Akn + "references", Source(),
                    new XElement(Akn + "original", Id("original"), Href(ExpressionUri(edition.Slug, 1)), ShowAs(edition.Title)),
                    origin,
                    Us(),
                    Organisation("community", $"/akn/ontology/organization/{Country}/agreement/{edition.Slug}", edition.Title),
                    new XElement(Akn + "TLCEvent", Id("ratification"), Href("/akn/ontology/event/ratification"), ShowAs("Ratification")))),
            new XElement(Akn + "preface",
                new XElement(Akn + "p", new XElement(Akn + "docTitle", edition.Title)),
                new XElement(Akn + "p", new XElement(Akn + "docNumber", VersionName(edition.Version))),
                new XElement(Akn + "p", new XElement(Akn + "docDate", new XAttribute("date", Date(edition.RatifiedAt)), Exports.Day(edition.RatifiedAt))),
                new XElement(Akn + "p", proposal is null ? edition.ProposalTitle : new XElement(Akn + "ref", Href(proposal), edition.ProposalTitle))),
            new XElement(Akn + "body", edition.Clauses.Select(Section))));
    }

    /// <summary>
    /// A proposal as an Akoma Ntoso <c>amendment</c> of the version it applies to: each changed clause is one <c>mod</c> that
    /// says the change in words and quotes the clause as it was and as it would be; <c>activeModifications</c> names, for
    /// each, what it does and to which clause of that version.
    /// </summary>
    public static byte[] Amendment(Amendment amendment)
    {
        var edition = amendment.Base;
        var target = ExpressionUri(edition.Slug, edition.Version) + "/!main";
        var work = AmendmentUri(edition.Slug, amendment.ProposalId);
        var places = Places(amendment.Result);
        var changes = amendment.Diff.Clauses.Select(Change).ToList();
        var n = 0;
        return Save(new XElement(Akn + "amendment", new XAttribute("name", "proposal"),
            new XElement(Akn + "meta",
                Identification(work, $"{work}/{Language}@", amendment.At, "proposal", "#author", [], []),
                changes.Count == 0 ? null : new XElement(Akn + "analysis", Source(), new XElement(Akn + "activeModifications",
                    changes.SelectMany(c => c.Types.Select(type => new XElement(Akn + "textualMod", Id($"amod_{++n}"), new XAttribute("type", type),
                        new XElement(Akn + "source", Href("#" + c.Mod)),
                        type == "insertion" ? Insertion(c.Diff.ClauseId) : new XElement(Akn + "destination", Href($"{target}#{Eid(c.Diff.ClauseId)}")),
                        type is "substitution" or "repeal" && c.Old is not null ? new XElement(Akn + "old", Href("#" + c.Old)) : null,
                        type is "substitution" or "insertion" && c.New is not null ? new XElement(Akn + "new", Href("#" + c.New)) : null))))),
                new XElement(Akn + "references", Source(),
                    new XElement(Akn + "activeRef", Id("amended"), Href(ExpressionUri(edition.Slug, edition.Version)), ShowAs($"{edition.Title}, {VersionName(edition.Version)}")),
                    Us(),
                    new XElement(Akn + "TLCPerson", Id("author"), Href($"/akn/ontology/person/{Country}/agreement/{edition.Slug}/{amendment.ProposalId}/author"),
                        ShowAs(amendment.Author)))),
            new XElement(Akn + "preface",
                new XElement(Akn + "p", new XElement(Akn + "docTitle", amendment.Title)),
                new XElement(Akn + "p", new XElement(Akn + "docProponent", amendment.Author)),
                new XElement(Akn + "p", new XElement(Akn + "docDate", new XAttribute("date", Date(amendment.At)), Exports.Day(amendment.At))),
                new XElement(Akn + "p", new XElement(Akn + "docStatus", amendment.Status.ToString().ToLowerInvariant()))),
            new XElement(Akn + "amendmentBody",
                new XElement(Akn + "amendmentHeading", new XElement(Akn + "p",
                    new XElement(Akn + "ref", Href(ExpressionUri(edition.Slug, edition.Version)), $"{edition.Title}, {VersionName(edition.Version)}"))),
                new XElement(Akn + "amendmentContent", changes.Select(c => new XElement(Akn + "p", c.Body))),
                new XElement(Akn + "amendmentJustification", Paragraphs(amendment.Rationale, null)))));

        XElement Insertion(Guid id)
        {
            // Where the new clause goes in the version amended: after its previous sibling, else at the start of its parent or of the text.
            var (parent, previous) = places[id];
            return previous is { } after ? new XElement(Akn + "destination", Href($"{target}#{Eid(after)}"), new XAttribute("pos", "after"))
                : new XElement(Akn + "destination", Href(parent is { } inside ? $"{target}#{Eid(inside)}" : target), new XAttribute("pos", "start"));
        }
    }

    /// <summary>One changed clause: its <c>mod</c>'s eId and content, the eIds of the quoted old and new clause, and the textualMod types.</summary>
    private sealed record Changed(ClauseDiff Diff, string Mod, string? Old, string? New, IReadOnlyList<string> Types, XElement Body);

    private static Changed Change(ClauseDiff diff)
    {
        var kinds = diff.Changes;
        var mod = $"mod_{diff.ClauseId:N}";
        var quotes = new List<XElement>();
        string? Quote(string? number, string? heading, string? text)
        {
            var eId = $"{mod}__qstr_{quotes.Count + 1}";
            quotes.Add(new XElement(Akn + "quotedStructure", Id(eId), new XAttribute("startQuote", "“"), new XAttribute("endQuote", "”"),
                Section(eId + "__", diff.ClauseId, number!, heading, text ?? "", [])));
            return eId;
        }

        var amended = kinds.Contains(ClauseDiffKind.Amended);
        var old = amended || kinds.Contains(ClauseDiffKind.Removed) ? Quote(diff.FromNumber, diff.FromHeading, diff.FromText) : null;
        var @new = amended || kinds.Contains(ClauseDiffKind.Added) ? Quote(diff.ToNumber, diff.ToHeading, diff.ToText) : null;
        var types = kinds.Select(k => k switch
        {
            ClauseDiffKind.Added => "insertion",
            ClauseDiffKind.Removed => "repeal",
            ClauseDiffKind.Amended => "substitution",
            _ => "renumbering",
        }).ToList();
        var body = new XElement(Akn + "mod", Id(mod), DiffView.What(diff), quotes.Count > 0 ? " " : null, quotes.ElementAtOrDefault(0),
            quotes.Count > 1 ? $" {Strings.Diff_ReplaceWith} " : null, quotes.ElementAtOrDefault(1));
        return new Changed(diff, mod, old, @new, types, body);
    }

    /// <summary>Each clause's parent and previous sibling in an outline.</summary>
    private static Dictionary<Guid, (Guid? Parent, Guid? Previous)> Places(IReadOnlyList<NumberedClause> outline)
    {
        var places = new Dictionary<Guid, (Guid?, Guid?)>();
        void Walk(IReadOnlyList<NumberedClause> level, Guid? parent)
        {
            for (var i = 0; i < level.Count; i++)
            {
                places[level[i].Id] = (parent, i == 0 ? null : level[i - 1].Id);
                Walk(level[i].Clauses, level[i].Id);
            }
        }

        Walk(outline, null);
        return places;
    }

    private static XElement Section(NumberedClause clause) =>
        Section("", clause.Id, clause.Number, clause.Heading, clause.Text, clause.Clauses.Select(Section).ToList());

    /// <summary>
    /// A clause as a <c>section</c>: num, heading, and its text as <c>content</c>; with sub-clauses its text is the
    /// <c>intro</c> before them (the hierarchy content model allows content or sub-sections, not both).
    /// </summary>
    private static XElement Section(string prefix, Guid id, string number, string? heading, string text, IReadOnlyList<XElement> sections)
    {
        var eId = prefix + Eid(id);
        var block = sections.Count == 0 ? "content" : "intro";
        var paragraphs = Paragraphs(text, $"{eId}__{block}");
        return new XElement(Akn + "section", Id(eId),
            new XElement(Akn + "num", number),
            heading is null ? null : new XElement(Akn + "heading", heading),
            sections.Count > 0 && paragraphs.Count == 0 ? null : new XElement(Akn + block, Id($"{eId}__{block}"), paragraphs),
            sections);
    }

    /// <summary>One <c>p</c> per paragraph, a line break inside one as <c>eol</c>.</summary>
    private static List<XElement> Paragraphs(string text, string? eId) =>
        Renderings.Paragraphs(text).Select((paragraph, i) => new XElement(Akn + "p", eId is null ? null : Id($"{eId}__p_{i + 1}"),
            paragraph.Split('\n').SelectMany((line, j) => j == 0 ? [line] : new object[] { new XElement(Akn + "eol"), line }))).ToList();

    private static XElement Identification(string work, string expression, DateTimeOffset date, string dateName, string author,
        IEnumerable<XElement> workProperties, IEnumerable<XElement> expressionProperties) =>
        new(Akn + "identification", Source(),
            Frbr("FRBRWork", work + "/!main", work, date, dateName, author,
                [new XElement(Akn + "FRBRcountry", Value(Country)), .. workProperties]),
            Frbr("FRBRExpression", expression + "/!main", expression, date, dateName, author,
                [.. expressionProperties, new XElement(Akn + "FRBRlanguage", new XAttribute("language", Language))]),
            Frbr("FRBRManifestation", expression + "/!main.xml", expression + ".akn", date, dateName, "#" + Service,
                [new XElement(Akn + "FRBRformat", Value(Exports.AkomaNtoso))]));

    private static XElement Frbr(string level, string @this, string uri, DateTimeOffset date, string dateName, string author, IEnumerable<XElement> properties) =>
        new(Akn + level,
            new XElement(Akn + "FRBRthis", Value(@this)),
            new XElement(Akn + "FRBRuri", Value(uri)),
            new XElement(Akn + "FRBRdate", new XAttribute("date", Date(date)), new XAttribute("name", dateName)),
            new XElement(Akn + "FRBRauthor", Href(author)),
            properties);

    /// <summary>This service, which writes every document (the manifestations' author, the metadata's source).</summary>
    private static XElement Us() => Organisation(Service, $"/akn/ontology/organization/{Country}/{Service}", "Agreement Service");

    private static XElement Organisation(string eId, string href, string name) => new(Akn + "TLCOrganization", Id(eId), Href(href), ShowAs(name));

    private static string WorkUri(string slug) => $"/akn/{Country}/act/agreement/{slug}";

    /// <summary>A version's expression URI: the same work in every version, the version after the language.</summary>
    internal static string ExpressionUri(string slug, int version) => $"{WorkUri(slug)}/{Language}@v{version}";

    private static string AmendmentUri(string slug, Guid proposal) => $"/akn/{Country}/amendment/agreement/{slug}/{proposal}";

    /// <summary>A clause's eId, the same in every version: made of its id, not of its number.</summary>
    internal static string Eid(Guid clause) => $"sec_{clause:N}";

    private static string VersionName(int version) => string.Create(CultureInfo.InvariantCulture, $"Version {version}");

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);


    private static XAttribute Id(string eId) => new("eId", eId);

    private static XAttribute Href(string href) => new("href", href);

    private static XAttribute ShowAs(string text) => new("showAs", text);

    private static XAttribute Value(string value) => new("value", value);

    private static XAttribute Source() => new("source", "#" + Service);

    private static byte[] Save(XElement document)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            new XDocument(new XElement(Akn + "akomaNtoso", document)).Save(writer);
        }

        return stream.ToArray();
    }
}
