using System.Globalization;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Proposals;
using Marten;

namespace AgreementService.Publishing;

/// <summary>
/// One version of an agreement as a document: its numbered text, when it was ratified and by which proposal (the
/// founding text has none). What every export of a version (PDF, Word, Akoma Ntoso) prints.
/// </summary>
public sealed record Edition(Guid AgreementId, string Slug, string Title, int Version, DateTimeOffset RatifiedAt, Guid? ProposalId, string ProposalTitle,
    IReadOnlyList<NumberedClause> Clauses)
{
    public static Edition From(Agreement agreement, AgreementVersion version) =>
        new(agreement.Id, agreement.Slug, agreement.Title, version.Number, version.RatifiedAt, version.ProposalId, version.Title, Outline.Number(version.Clauses));

    /// <summary>Where the version came from, as the documents print it under the title.</summary>
    public string Made => ProposalId is null
        ? $"Version {Version}, the founding text, adopted on {Exports.Day(RatifiedAt)}"
        : $"Version {Version}, ratified on {Exports.Day(RatifiedAt)} by the proposal “{ProposalTitle}”";
}

/// <summary>
/// A proposal's changes as a document: the version they apply to (<see cref="Base"/>), the text they make of it
/// (<see cref="Result"/>), and clause by clause what changed from the one to the other (<see cref="Diff"/>, from
/// <c>Base.Version</c> to the next). Author and date are the proposal's: who wrote it, and when its text last changed.
/// </summary>
public sealed record Amendment(Guid ProposalId, string Title, string Rationale, string Author, DateTimeOffset At, ProposalStatus Status, Edition Base,
    IReadOnlyList<NumberedClause> Result, AgreementDiff Diff)
{
    /// <summary>What the proposal is, by whom, and what it amends, as the documents print it under the title.</summary>
    public string Byline =>
        $"Proposal “{Title}” by {Author}, {Exports.Day(At)} ({Status.ToString().ToLowerInvariant()}), against version {Base.Version} of {Base.Title}";

    /// <summary>
    /// The proposal against the version it applies to: a ratified one against the version before the one it made (and
    /// that version's text); any other against the current version when its changes apply there (rebased, as a vote
    /// would take them), else against the version it was written for — so that every proposal, even a conflicted or
    /// withdrawn one, can be read as a document.
    /// </summary>
    public static async Task<Amendment> LoadAsync(IQuerySession session, Proposal proposal, CancellationToken ct)
    {
        var agreement = (await session.LoadAsync<Agreement>(proposal.AgreementId, ct))!;
        var author = (await People.LoadAsync(session, [proposal.AuthorId], ct)).Of(proposal.AuthorId).Name;
        async Task<AgreementVersion> Version(int number) => (await session.LoadAsync<AgreementVersion>(AgreementVersion.IdFor(agreement.Id, number), ct))!;
        var (before, after) = proposal.RatifiedAs is { } ratified
            ? (await Version(ratified - 1), (await Version(ratified)).Clauses)
            : await DraftedAsync();
        return new Amendment(proposal.Id, proposal.Title, proposal.Rationale, author, proposal.RevisedAt, proposal.Status, Edition.From(agreement, before),
            Outline.Number(after), new AgreementDiff(before.Number, before.Number + 1, Agreements.Diff.Between(before.Clauses, after, ct)));

        async Task<(AgreementVersion, IReadOnlyList<Clause>)> DraftedAsync()
        {
            var draft = (await DraftSource.LoadAsync(session, agreement, proposal.BaseVersion, proposal.Changes, ct)).Prepare(proposal.Changes);
            if (draft.Ready)
            {
                return (await Version(agreement.CurrentVersion), draft.Preview);
            }

            var written = await Version(proposal.BaseVersion);
            return (written, OutlineEditor.Apply(written.Clauses, proposal.Changes, Guid.CreateVersion7).Clauses);
        }
    }
}

/// <summary>
/// A kind of document: its media type, the last part of the web app's links to it, the extension of its files, and
/// whether it is bytes (sent without a charset) rather than text.
/// </summary>
public sealed record DocumentKind(string MediaType, string Link, string Extension, bool Binary);

/// <summary>The exports, beside the JSON and text renderings of <see cref="Representation"/>: one place says what each is.</summary>
public static class Exports
{
    public const string Pdf = "application/pdf";
    public const string Word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string AkomaNtoso = "application/akn+xml";

    public static readonly IReadOnlyList<DocumentKind> Kinds =
    [
        new(Pdf, "pdf", ".pdf", Binary: true),
        new(Word, "docx", ".docx", Binary: true),
        new(AkomaNtoso, "xml", ".akn.xml", Binary: false),
    ];

    /// <summary>The document of this media type; null for a text rendering or JSON.</summary>
    public static DocumentKind? Of(string mediaType) => Kinds.FirstOrDefault(k => k.MediaType == mediaType);

    /// <summary>A day as the documents print it: "30 November 2026" (UTC).</summary>
    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
