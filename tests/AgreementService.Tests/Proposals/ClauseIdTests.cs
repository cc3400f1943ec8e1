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

    [Fact]
    public async Task two_agreements_ratifying_one_id_at_the_same_moment_cannot_both_take_it()
    {
        var first = await Api.CommunityAsync();
        var facilitator = first.Facilitator;
        var secondAgreement = await Api.AgreementAsync(facilitator, "second-agreement");
        var secondMember = await Api.MemberAsync(secondAgreement, facilitator, "member", "Ana Lima");
        var second = new Community(secondAgreement, facilitator, secondMember, first.Observer);
        await Api.RulesAsync(first);
        await Api.RulesAsync(second);

        for (var round = 0; round < 3; round++)
        {
            var id = Guid.NewGuid().ToString();
            var votes = new List<string>();
            foreach (var c in new[] { first, second })
            {
                var version = (await Api.GetAsync($"/agreements/{c.AgreementId}", c.Member.Token)).Json["version"]!.GetValue<int>();
                var proposal = (await Api.ProposeAsync(c.AgreementId, c.Member, version, new { op = "add", clauseId = id, text = "A clause both want." }))
                    .ShouldBe(HttpStatusCode.Created)["id"];
                var vote = await Api.CallVoteAsync(c, proposal);
                await Api.BallotAsync(vote, c.Member, "agree");
                votes.Add(vote);
            }

            var closes = await Task.WhenAll(votes.Select(v => Api.PostAsync($"/votes/{v}/close", facilitator.Token)));

            closes.Select(r => r.Status).Order().ToList().ShouldBe(new List<HttpStatusCode> { HttpStatusCode.OK, HttpStatusCode.Conflict }, string.Join("\n", closes.Select(r => r.Body)));
            var holders = 0;
            foreach (var c in new[] { first, second })
            {
                holders += (await Api.GetAsync($"/agreements/{c.AgreementId}", c.Member.Token)).Body.Contains(id, StringComparison.Ordinal) ? 1 : 0;
            }

            holders.ShouldBe(1, "one clause id names one clause");
        }
    }
}
