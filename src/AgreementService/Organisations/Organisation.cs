namespace AgreementService.Organisations;

public sealed record OrganisationCreated(Guid OrganisationId, string Name, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>A member organisation of the community: a litigating organisation, a legal practice, an NGO.</summary>
public sealed record Organisation(Guid Id, string Name, DateTimeOffset CreatedAt)
{
    public int Version { get; init; }

    public static Organisation Create(OrganisationCreated e) => new(e.OrganisationId, e.Name, e.CreatedAt);
}

public sealed record OrganisationView(Guid Id, string Name, DateTimeOffset CreatedAt)
{
    public static OrganisationView From(Organisation o) => new(o.Id, o.Name, o.CreatedAt);
}
