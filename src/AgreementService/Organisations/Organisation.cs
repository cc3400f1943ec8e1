using System.Text.Json.Serialization;

namespace AgreementService.Organisations;

// Who and when are By and At in every event; this one was first stored under other names, which its JSON keeps.
public sealed record OrganisationCreated(Guid OrganisationId, string Name, [property: JsonPropertyName("CreatedAt")] DateTimeOffset At,
    [property: JsonPropertyName("CreatedBy")] string By);

/// <summary>A member organisation of the community: a litigating organisation, a legal practice, an NGO.</summary>
public sealed record Organisation(Guid Id, string Name, DateTimeOffset CreatedAt)
{
    public int Version { get; init; }

    public static Organisation Create(OrganisationCreated e) => new(e.OrganisationId, e.Name, e.At);
}

public sealed record OrganisationView(Guid Id, string Name, DateTimeOffset CreatedAt)
{
    public static OrganisationView From(Organisation o) => new(o.Id, o.Name, o.CreatedAt);
}
