using AgreementService.Tests.Support;

namespace AgreementService.Tests.Infrastructure;

/// <summary>
/// A partner's typed client, as samples/typescript writes one: types generated from the committed OpenAPI document
/// (openapi-typescript), type-checked under strict with no cast, non-null assertion or `any`, and openapi-fetch driving the
/// whole flow against the built service — set-up, a proposal of every kind of change, discussion, revision, refusals,
/// a vote and its ratification, version 2 with its diff and a clause's history, the public text revalidated by its ETag
/// and downloaded as a PDF and as Akoma Ntoso (by Accept, read with openapi-fetch's parseAs), and a signed webhook. A
/// document that a generated client cannot use as written, or that misdescribes an answer, fails here.
/// </summary>
[Trait("Category", TestKinds.Process)]
[Collection(AppCollection.Name)]
public sealed class TypeScriptClientTests(AppFixture app)
{
    private const string Sample = "samples/typescript";

    [NpmFact(Sample)]
    public async Task the_typescript_sample_checks_against_the_document_and_drives_the_whole_flow()
    {
        var check = Npm.RunAsync(Sample, "check"); // type-checks while the service starts
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Agreements"] = await app.NewDatabaseAsync("typescript"), ["Agreements__AdminToken"] = Scenarios.Admin,
        });
        var (checkExit, checkOutput) = await check;
        checkExit.ShouldBe(0, $"npm run check in samples/typescript:\n{checkOutput}");
        (await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(service.Output);

        var (exit, output) = await Npm.RunAsync(Sample, "flow", new Dictionary<string, string>
        {
            ["AGREEMENTS_URL"] = service.Client.BaseAddress!.ToString().TrimEnd('/'), ["AGREEMENTS_ADMIN_TOKEN"] = Scenarios.Admin,
        });

        exit.ShouldBe(0, $"npm run flow in samples/typescript:\n{output}");
        output.ShouldContain("the proposal is ratified as version 2", Case.Sensitive, output);
        output.ShouldMatch(@"received agreement\.version\.ratified, version 2 \(\d+ changes\), signature checked", output);
        output.ShouldMatch(@"community-agreement-[a-z0-9]+-version-2\.pdf: application/pdf, \d+ bytes", output);
        output.ShouldMatch(@"community-agreement-[a-z0-9]+-version-2\.akn\.xml: application/akn\+xml[^,]*, an Akoma Ntoso act", output);
        output.ShouldContain("Every answer was the one expected.", Case.Sensitive, output);
    }
}
