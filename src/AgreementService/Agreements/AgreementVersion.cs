using AgreementService.Access;
using AgreementService.Infrastructure;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Agreements;

/// <summary>Ratified: the agreement's next version is the previous one with the proposal's changes applied.</summary>
public sealed record VersionRatified(Guid AgreementId, int Version, Guid ProposalId, string Title, IReadOnlyList<Change> Changes,
    string By, DateTimeOffset At) : IAgreementEvent;

/// <summary>An immutable, numbered state of the whole agreement. Id: "{agreementId}/{number}".</summary>
public sealed record AgreementVersion(
    string Id,
    Guid AgreementId,
    int Number,
    string Title,
    Guid? ProposalId,
    DateTimeOffset RatifiedAt,
    IReadOnlyList<Clause> Clauses,
    IReadOnlyList<Change> Changes,
    IReadOnlyList<ClauseEffect> Effects)
{
    public const string FoundingTitle = "Founding text";

    public static string IdFor(Guid agreementId, int number) => $"{agreementId}/{number}";

    /// <summary>404 for a version the agreement does not have, saying which it has.</summary>
    public static ProblemDetails Missing(Agreement agreement, int number) =>
        Problems.Create(StatusCodes.Status404NotFound, $"This agreement has versions 1 to {agreement.CurrentVersion}; there is no version {number}.");

    /// <summary>The agreement's current version.</summary>
    public static async Task<AgreementVersion> CurrentAsync(IQuerySession session, Guid agreementId, CancellationToken ct)
    {
        var agreement = (await session.LoadAsync<Agreement>(agreementId, ct))!;
        return (await session.LoadAsync<AgreementVersion>(IdFor(agreementId, agreement.CurrentVersion), ct))!;
    }
}

/// <summary>
/// Writes one document per version as it is ratified, and one membership document per member, in the same
/// transaction as the events: reading any version never replays history.
/// </summary>
public sealed partial class AgreementProjection : EventProjection
{
    public override async ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken ct)
    {
        switch (e.Data)
        {
            case AgreementCreated created:
                operations.Store(new AgreementVersion(AgreementVersion.IdFor(created.AgreementId, 1), created.AgreementId, 1,
                    AgreementVersion.FoundingTitle, null, created.At, created.Clauses, [],
                    [.. Outline.All(created.Clauses).Select(c => new ClauseEffect(c.Id, ClauseChangeKind.Added))]));
                break;

            case VersionRatified ratified:
                var previous = await operations.LoadAsync<AgreementVersion>(AgreementVersion.IdFor(ratified.AgreementId, ratified.Version - 1), ct)
                    ?? throw new InvalidOperationException($"Version {ratified.Version - 1} of agreement {ratified.AgreementId} is missing.");
                var applied = OutlineEditor.Apply(previous.Clauses, ratified.Changes,
                    () => throw new InvalidOperationException("Ratified changes carry the ids of the clauses they add."));
                if (!applied.Applied)
                {
                    throw new InvalidOperationException($"Ratified changes do not apply: {applied.Refusal!.Reason}");
                }

                operations.Store(new AgreementVersion(AgreementVersion.IdFor(ratified.AgreementId, ratified.Version), ratified.AgreementId,
                    ratified.Version, ratified.Title, ratified.ProposalId, ratified.At, applied.Clauses, ratified.Changes, applied.Effects));
                break;

            case MemberRoleSet set:
                operations.Store(new AgreementMembership(AgreementMembership.IdFor(set.AgreementId, set.ParticipantId), set.AgreementId,
                    set.ParticipantId, set.Role));
                break;

            case MemberRemoved removed:
                operations.Delete<AgreementMembership>(AgreementMembership.IdFor(removed.AgreementId, removed.ParticipantId));
                break;
        }
    }
}
