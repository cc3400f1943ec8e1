using AgreementService.Access;

namespace AgreementService.Agreements;

/// <summary>An agreement's text at one version, as readers (and partner sites) see it.</summary>
public sealed record AgreementView(Guid Id, string Slug, string Title, Visibility Visibility, int Version, IReadOnlyList<NumberedClause> Clauses)
{
    public static AgreementView From(Agreement agreement, AgreementVersion version) =>
        new(agreement.Id, agreement.Slug, agreement.Title, agreement.Visibility, version.Number, Outline.Number(version.Clauses));
}

public sealed record AgreementSummary(Guid Id, string Slug, string Title, Visibility Visibility, int Version, AgreementRole? Role);

public sealed record VersionSummary(int Version, DateTimeOffset RatifiedAt, Guid? ProposalId, string Title);
