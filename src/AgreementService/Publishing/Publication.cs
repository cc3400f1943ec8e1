using AgreementService.Agreements;
using Marten;

namespace AgreementService.Publishing;

/// <summary>Texts, diffs and documents of an agreement in every format, shared by the members' API and the public one.</summary>
public static class Publication
{
    /// <summary>A version: its text as JSON, HTML and Markdown, and as a document in PDF, Word and Akoma Ntoso.</summary>
    public static Representation Text(Agreement agreement, AgreementVersion version, string cacheControl)
    {
        var view = AgreementView.From(agreement, version);
        var edition = Edition.From(agreement, version);
        return new(view, new Dictionary<string, Func<byte[]>>
        {
            [Representation.Html] = Representation.Utf8(() => Renderings.AgreementHtml(view)),
            [Representation.Markdown] = Representation.Utf8(() => Renderings.AgreementMarkdown(view)),
            [Exports.Pdf] = () => PdfDocuments.Version(edition),
            [Exports.Word] = () => WordDocuments.Version(edition),
            [Exports.AkomaNtoso] = () => AkomaNtoso.Version(edition),
        }, cacheControl, $"{agreement.Slug}-version-{version.Number}");
    }

    public static Representation Changes(AgreementDiff diff, IReadOnlyList<Clause> from, IReadOnlyList<Clause> to, string cacheControl) =>
        new(diff, new Dictionary<string, Func<byte[]>>
        {
            [Representation.Html] = Representation.Utf8(() => Renderings.DiffHtml(diff)),
            [Representation.Markdown] = Representation.Utf8(() => Renderings.DiffMarkdown(diff)),
            [Representation.UnifiedDiff] = Representation.Utf8(() => Renderings.DiffUnified(diff, Outline.Number(from), Outline.Number(to))),
        }, cacheControl);

    /// <summary>A proposal as a document: its diff as JSON, and as Word tracked changes, a print-friendly PDF and an Akoma Ntoso amendment.</summary>
    public static Representation Proposed(Amendment amendment) => new(amendment.Diff, new Dictionary<string, Func<byte[]>>
    {
        [Exports.Word] = () => WordDocuments.TrackedChanges(amendment),
        [Exports.Pdf] = () => PdfDocuments.Changes(amendment),
        [Exports.AkomaNtoso] = () => AkomaNtoso.Amendment(amendment),
    }, Representation.Private, $"{amendment.Base.Slug}-proposal-{amendment.ProposalId.ToString()[..8]}");

    /// <summary>The diff between two versions (by default the current one and the one before it), for members.</summary>
    public static async Task<IResult> DiffAsync(IQuerySession session, Agreement agreement, int? from, int? to, string cacheControl, CancellationToken ct)
    {
        var (older, newer) = DiffRange(agreement, from, to);
        return Missing(agreement, older, newer)
            ?? (IResult?)await RepresentAsync(session, agreement, older, newer, diff: true, cacheControl, ct)
            ?? NoVersion(agreement, newer);
    }

    /// <summary>The versions a diff compares when the caller leaves them out: the current one and the one before it.</summary>
    public static (int From, int To) DiffRange(Agreement agreement, int? from, int? to) =>
        (from ?? Math.Max(1, agreement.CurrentVersion - 1), to ?? agreement.CurrentVersion);

    /// <summary>
    /// A version (<paramref name="diff"/> false: <paramref name="to"/>) or diff, rendered once per media type and kept: for
    /// partner sites, and for members (whatever reader asks, the bytes of a version are the same).
    /// </summary>
    public static async Task<IResult> KeptAsync(HttpContext context, PublicCache cache, IQuerySession session, Agreement agreement, int from, int to,
        bool diff, string cacheControl, CancellationToken ct)
    {
        var offered = diff ? Representation.DiffTypes : Representation.VersionTypes;
        if (Representation.Choose(context.Request.Headers.Accept.ToString(), offered) is not { } mediaType)
        {
            return new NotAcceptable(offered);
        }

        if (Missing(agreement, from, to) is { } missing)
        {
            return missing;
        }

        // Made to the end even if this request goes: others asking for the same rendering meanwhile wait for it.
        var rendered = await cache.RenderingAsync(agreement.Id, from, to, diff, mediaType,
            async () => (await RepresentAsync(session, agreement, from, to, diff, cacheControl, CancellationToken.None))?.Render(mediaType, context), ct);
        return rendered is null ? NoVersion(agreement, to) : new RenderedResult(rendered, cacheControl);
    }

    /// <summary>
    /// Version <paramref name="to"/>'s text, or the diff from <paramref name="from"/> to it. It reads those two versions
    /// and nothing between them, so its cost grows with the size of the text, not the length of the history.
    /// </summary>
    private static async Task<Representation?> RepresentAsync(IQuerySession session, Agreement agreement, int from, int to, bool diff,
        string cacheControl, CancellationToken ct)
    {
        var versions = (await session.LoadManyAsync<AgreementVersion>(ct, AgreementVersion.IdFor(agreement.Id, from), AgreementVersion.IdFor(agreement.Id, to)))
            .ToDictionary(v => v.Number);
        if (!versions.TryGetValue(from, out var older) || !versions.TryGetValue(to, out var newer))
        {
            return null;
        }

        return diff
            ? Changes(new AgreementDiff(from, to, Diff.Between(older.Clauses, newer.Clauses, ct)), older.Clauses, newer.Clauses, cacheControl)
            : Text(agreement, newer, cacheControl);
    }

    private static IResult? Missing(Agreement agreement, int from, int to) =>
        from < 1 || from > agreement.CurrentVersion ? NoVersion(agreement, from)
        : to < 1 || to > agreement.CurrentVersion ? NoVersion(agreement, to)
        : null;

    private sealed class NotAcceptable(IReadOnlyList<string> offered) : IResult
    {
        public Task ExecuteAsync(HttpContext context) => Representation.NotAcceptableAsync(context, offered);
    }

    private static IResult NoVersion(Agreement agreement, int number) => TypedResults.Problem(AgreementVersion.Missing(agreement, number));
}
