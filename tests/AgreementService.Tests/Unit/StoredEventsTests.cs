using System.Text.Json;
using AgreementService.Organisations;
using AgreementService.Participants;

namespace AgreementService.Tests.Unit;

/// <summary>Events keep the names they were first stored under, whatever the code now calls their fields.</summary>
public sealed class StoredEventsTests
{
    [Fact]
    public void who_and_when_stored_under_their_first_names_read_as_by_and_at()
    {
        var organisation = JsonSerializer.Deserialize<OrganisationCreated>(
            """{"OrganisationId":"01a2344a-0000-7000-8000-000000000001","Name":"Roma Rights Centre","CreatedAt":"2026-11-01T10:00:00+00:00","CreatedBy":"administrator"}""")!;
        var token = JsonSerializer.Deserialize<AccessTokenRevoked>(
            """{"ParticipantId":"01a2344a-0000-7000-8000-000000000002","TokenId":"01a2344a-0000-7000-8000-000000000003","RevokedAt":"2026-11-02T10:00:00+00:00","RevokedBy":"administrator"}""")!;

        (organisation.At, organisation.By).ShouldBe((new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), "administrator"));
        (token.At, token.By).ShouldBe((new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero), "administrator"));
        JsonSerializer.Serialize(organisation).ShouldContain("\"CreatedAt\"");
    }
}
