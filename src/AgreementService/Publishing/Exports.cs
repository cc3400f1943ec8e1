using AgreementService.Agreements;
using AgreementService.Proposals;

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
}

/// <summary>
/// A proposal's changes as a document: the version they apply to (<see cref="Base"/>), the text they make of it
/// (<see cref="Result"/>), and clause by clause what changed from the one to the other (<see cref="Diff"/>, from
/// <c>Base.Version</c> to the next). Author and date are the proposal's: who wrote it, and when its text last changed.
/// </summary>
public sealed record Amendment(Guid ProposalId, string Title, string Rationale, string Author, DateTimeOffset At, ProposalStatus Status, Edition Base,
    IReadOnlyList<NumberedClause> Result, AgreementDiff Diff);

/// <summary>The media types of the exports, beside the JSON and text renderings of <see cref="Representation"/>.</summary>
public static class Exports
{
    public const string Pdf = "application/pdf";
    public const string Word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string AkomaNtoso = "application/akn+xml";
}
