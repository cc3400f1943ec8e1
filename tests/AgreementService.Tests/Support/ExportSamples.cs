using AgreementService.Agreements;
using AgreementService.Proposals;
using AgreementService.Publishing;

namespace AgreementService.Tests.Support;

/// <summary>
/// A version and a proposal against it, as the exports render them: headings and texts in Latin with diacritics, Greek and
/// Cyrillic, a clause holding markup and script, paragraphs, sub-clauses three levels deep; and a proposal that amends,
/// adds, removes and moves.
/// </summary>
public static class ExportSamples
{
    public static readonly Guid Purpose = new("0190d6a0-0000-7000-8000-000000000001"), Sharing = new("0190d6a0-0000-7000-8000-000000000002"),
        Cases = new("0190d6a0-0000-7000-8000-000000000003"), Deep = new("0190d6a0-0000-7000-8000-000000000004"),
        Values = new("0190d6a0-0000-7000-8000-000000000005"), Greek = new("0190d6a0-0000-7000-8000-000000000006"),
        Cyrillic = new("0190d6a0-0000-7000-8000-000000000007"), Markup = new("0190d6a0-0000-7000-8000-000000000008"),
        Decisions = new("0190d6a0-0000-7000-8000-000000000009"), Added = new("0190d6a0-0000-7000-8000-00000000000a");

    public const string MarkupText = "<script>alert('x')</script> & <b>bold</b> ]]> {++not critic++} **not bold** \\par not rtf";

    /// <summary>1 Purpose (1.1, 1.2 (1.2.1)), 2 Values (2.1 Greek, 2.2 Cyrillic, 2.3 markup), 3 Decisions.</summary>
    public static readonly IReadOnlyList<Clause> Clauses =
    [
        new(Purpose, "Purpose", "We litigate together across Europe.\n\nWe share what we learn.", [
            new(Sharing, null, "Members share their pleadings — même les brouillons, auch Entwürfe, även utkast (Łódź, Čačak, Ærø).", []),
            new(Cases, "Strategic cases", "We support each other's cases.", [
                new(Deep, "Costs", "Costs are shared fairly.", []),
            ]),
        ]),
        new(Values, "Values", "We act with care and respect.", [
            new(Greek, "Αξίες", "Ενεργούμε με φροντίδα και σεβασμό.", []),
            new(Cyrillic, "Ценности", "Мы действуем с заботой и уважением.", []),
            new(Markup, "<i>Markup</i> & script", MarkupText, []),
        ]),
        new(Decisions, "Decisions", "By consent of the members present.", []),
    ];

    public static Edition Edition(int version = 2) =>
        new(new Guid("0190d6a0-0000-7000-8000-0000000000aa"), "litigation-charter", "Strategic Litigation Charter — Χάρτης · Хартия", version,
            new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero), version == 1 ? null : new Guid("0190d6a0-0000-7000-8000-0000000000bb"),
            version == 1 ? AgreementVersion.FoundingTitle : "Share pleadings", Outline.Number(Clauses));

    /// <summary>Amends 2 (text) and 2.1 (Greek), adds a clause after 3, removes 1.2.1, moves 2.2 to the top level after 1.</summary>
    public static readonly IReadOnlyList<Change> Changes =
    [
        new AmendClause(Values, null, "We act with courage and respect."),
        new AmendClause(Greek, null, "Ενεργούμε με θάρρος και σεβασμό."),
        new AddClause(Added, null, Decisions, "Review", "We review this charter every year."),
        new RemoveClause(Deep),
        new MoveClause(Cyrillic, null, Purpose),
    ];

    public static Amendment Amendment()
    {
        var result = OutlineEditor.Apply(Clauses, Changes, () => throw new InvalidOperationException("The sample names its ids.")).Clauses;
        var edition = Edition();
        return new Amendment(new Guid("0190d6a0-0000-7000-8000-0000000000cc"), "Courage, and a yearly review", "Care is not enough; <b>courage</b> too.",
            "Αλέξανδρος Dvořák", new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero), ProposalStatus.Open, edition, Outline.Number(result),
            new AgreementDiff(edition.Version, edition.Version + 1, Diff.Between(Clauses, result)));
    }
}
