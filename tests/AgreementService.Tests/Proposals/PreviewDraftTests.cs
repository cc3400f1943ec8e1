using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Proposals;

/// <summary>POST /agreements/{id}/proposals/preview: what a draft would make of the text, checked as submitting checks it, saving nothing.</summary>
public sealed class PreviewDraftTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task a_draft_previews_as_the_resulting_text_and_its_diff_and_nothing_is_saved()
    {
        var c = await Api.CommunityAsync();
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        var written = await WrittenAsync();

        var preview = (await Api.PostAsync($"/agreements/{c.AgreementId}/proposals/preview", c.Member.Token, new
        {
            title = "", rationale = "", baseVersion = 1,
            changes = new object[] { new { op = "amend", clauseId = values, text = "We act with care." }, new { op = "add", afterId = values, text = "We listen." } },
        })).ShouldBe(HttpStatusCode.OK).Json;

        preview["baseVersion"]!.GetValue<int>().ShouldBe(1);
        preview["clauses"]![1]!["text"]!.GetValue<string>().ShouldBe("We act with care.");
        preview["clauses"]![2]!["text"]!.GetValue<string>().ShouldBe("We listen.");
        preview["clauses"]![3]!["number"]!.GetValue<string>().ShouldBe("4");
        var diff = preview["diff"]!["clauses"]!.AsArray();
        diff.Select(d => d!["changes"]![0]!.GetValue<string>()).ShouldBe(["amended", "added", "renumbered"]);
        (await WrittenAsync()).ShouldBe(written);
        (await Api.GetAsync($"/agreements/{c.AgreementId}/proposals", c.Member.Token)).Json["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task a_draft_is_refused_as_its_submission_would_be()
    {
        var c = await Api.CommunityAsync();
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        object Body(object change) => new { baseVersion = 1, changes = new[] { change } };

        (await Api.PostAsync($"/agreements/{c.AgreementId}/proposals/preview", c.Observer.Token, Body(new { op = "remove", clauseId = values })))
            .ShouldRefuse(HttpStatusCode.Forbidden).ShouldContain("you are an observer");
        (await Api.PostAsync($"/agreements/{c.AgreementId}/proposals/preview", c.Member.Token, Body(new { op = "remove", clauseId = Guid.NewGuid() })))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        (await Api.PostAsync($"/agreements/{c.AgreementId}/proposals/preview", c.Member.Token, new { baseVersion = 1, changes = Array.Empty<object>() }))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        (await Api.PostAsync($"/agreements/{Guid.NewGuid()}/proposals/preview", c.Member.Token, Body(new { op = "remove", clauseId = values })))
            .ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
