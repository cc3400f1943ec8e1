using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Proposals;

/// <summary>A clause's id names one clause for ever: an add may choose it, but only a new one.</summary>
public sealed class ClauseIdTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task an_added_clause_needs_an_id_never_used_before_in_this_or_any_agreement_and_never_nil()
    {
        var c = await Api.CommunityAsync();
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        var decisions = await Api.ClauseIdAsync(c.AgreementId, "3");
        await Api.RatifyAsync(c, new { op = "remove", clauseId = values });
        var other = await Api.AgreementAsync(c.Facilitator, "another-agreement");
        var foreign = await Api.ClauseIdAsync(other, "1");
        var written = await WrittenAsync();

        foreach (var id in new[] { values, foreign, Guid.Empty.ToString() })
        {
            var problem = (await Api.ProposeAsync(c.AgreementId, c.Member, 2,
                    new { op = "amend", clauseId = decisions, text = "We decide by consent, after discussion." },
                    new { op = "add", clauseId = id, text = "A new clause." }))
                .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
            (problem["change"]!.GetValue<int>(), problem["clauseId"]!.GetValue<string>()).ShouldBe((1, id));
            problem["detail"]!.GetValue<string>().ShouldStartWith("Change 2 (add): the");
        }

        (await WrittenAsync()).ShouldBe(written);
        var fresh = Guid.NewGuid().ToString();
        (await Api.ProposeAsync(c.AgreementId, c.Member, 2, new { op = "add", clauseId = fresh, text = "A new clause." }))
            .ShouldBe(HttpStatusCode.Created).Json["changes"]![0]!["clauseId"]!.GetValue<string>().ShouldBe(fresh);
    }
}
