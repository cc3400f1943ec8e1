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

    /// <summary>A public agreement's version (<paramref name="diff"/> false: <paramref name="to"/>) or diff, rendered once per media type and kept.</summary>
    public static async Task<IResult> PublicAsync(HttpContext context, PublicCache cache, IQuerySession session, Agreement agreement, int from, int to,
        bool diff, string cacheControl, CancellationToken ct)
    {
        var offered = diff ? Representation.DiffTypes : Representation.TextTypes;
        if (Representation.Choose(context.Request.Headers.Accept.ToString(), offered) is not { } mediaType)
        {
            return new NotAcceptable(offered);
        }

        if (from < 1 || from > agreement.CurrentVersion || to < 1 || to > agreement.CurrentVersion)
        {
            return NoVersion(agreement, from < 1 || from > agreement.CurrentVersion ? from : to);
        }

        var rendered = await cache.RenderingAsync(agreement.Id, from, to, diff, mediaType, async () =>
        {
            var versions = (await session.LoadManyAsync<AgreementVersion>(ct, AgreementVersion.IdFor(agreement.Id, from), AgreementVersion.IdFor(agreement.Id, to)))
                .ToDictionary(v => v.Number);
            if (!versions.ContainsKey(from) || !versions.ContainsKey(to))
            {
                return null;
            }

            var representation = !diff
                ? Text(AgreementView.From(agreement, versions[to]), cacheControl)
                : Changes(new AgreementDiff(from, to, Diff.Between(versions[from].Clauses, versions[to].Clauses)), versions[from].Clauses, versions[to].Clauses, cacheControl);
            return representation.Render(mediaType, context);
        });
        return rendered is null ? NoVersion(agreement, to) : new RenderedResult(rendered, cacheControl);
    }

    private sealed class NotAcceptable(IReadOnlyList<string> offered) : IResult
    {
        public Task ExecuteAsync(HttpContext context) => Representation.NotAcceptableAsync(context, offered);
    }

    private static IResult NoVersion(Agreement agreement, int number) => TypedResults.Problem(Problems.Create(StatusCodes.Status404NotFound,
        $"This agreement has versions 1 to {agreement.CurrentVersion}; there is no version {number}."));
}
