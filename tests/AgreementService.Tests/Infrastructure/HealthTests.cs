using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Infrastructure;

public sealed class HealthTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task the_service_is_live_without_a_token()
    {
        (await Api.GetAsync("/health/live")).ShouldBe(HttpStatusCode.OK).Json["status"]!.GetValue<string>().ShouldBe("Healthy");
    }

    [Fact]
    public async Task readiness_includes_the_database()
    {
        var ready = (await Api.GetAsync("/health/ready")).ShouldBe(HttpStatusCode.OK).Json;

        ready["checks"]!["database"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
    }
}
