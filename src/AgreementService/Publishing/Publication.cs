using AgreementService.Agreements;
using AgreementService.Infrastructure;
using Marten;

namespace AgreementService.Publishing;

/// <summary>Texts and diffs of an agreement in every format, shared by the members' API and the public one.</summary>
public static class Publication
{
    public static Representation Text(AgreementView view, string cacheControl) => new(view, new Dictionary<string, Func<string>>
    {
        [Representation.Html] = () => Renderings.AgreementHtml(view),
        [Representation.Markdown] = () => Renderings.AgreementMarkdown(view),
    }, cacheControl);

    public static Representation Changes(AgreementDiff diff, IReadOnlyList<Clause> from, IReadOnlyList<Clause> to, string cacheControl) =>
        new(diff, new Dictionary<string, Func<string>>
        {
            [Representation.Html] = () => Renderings.DiffHtml(diff),
            [Representation.Markdown] = () => Renderings.DiffMarkdown(diff),
            [Representation.UnifiedDiff] = () => Renderings.DiffUnified(diff, Outline.Number(from), Outline.Number(to)),
        }, cacheControl);

    /// <summary>One version's text, or 404 saying which versions there are.</summary>
    public static async Task<IResult> VersionAsync(IQuerySession session, Agreement agreement, int number, string cacheControl, CancellationToken ct) =>
        await session.LoadAsync<AgreementVersion>(AgreementVersion.IdFor(agreement.Id, number), ct) is { } version
            ? Text(AgreementView.From(agreement, version), cacheControl)
            : NoVersion(agreement, number);

    /// <summary>
    /// The diff between two versions (by default the current one and the one before it). It reads the two versions
    /// and nothing between them, so its cost grows with the size of the text, not the length of the history.
    /// </summary>
    public static async Task<IResult> DiffAsync(IQuerySession session, Agreement agreement, int? from, int? to, string cacheControl, CancellationToken ct)
    {
        var (older, newer) = (from ?? Math.Max(1, agreement.CurrentVersion - 1), to ?? agreement.CurrentVersion);
        if (older < 1 || older > agreement.CurrentVersion || newer < 1 || newer > agreement.CurrentVersion)
        {
            return NoVersion(agreement, older < 1 || older > agreement.CurrentVersion ? older : newer);
        }

        var versions = (await session.LoadManyAsync<AgreementVersion>(ct, AgreementVersion.IdFor(agreement.Id, older), AgreementVersion.IdFor(agreement.Id, newer)))
            .ToDictionary(v => v.Number);
        var diff = new AgreementDiff(older, newer, Diff.Between(versions[older].Clauses, versions[newer].Clauses));
        return Changes(diff, versions[older].Clauses, versions[newer].Clauses, cacheControl);
    }

    private static IResult NoVersion(Agreement agreement, int number) => TypedResults.Problem(Problems.Create(StatusCodes.Status404NotFound,
        $"This agreement has versions 1 to {agreement.CurrentVersion}; there is no version {number}."));
}
