using System.Security.Claims;
using AgreementService.Access;
using Wolverine.Http;

namespace AgreementService.Tests.Unit;

public sealed class AgreementAccessTests
{
    private static readonly ClaimsPrincipal Participant = new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString())], "Bearer"));
    private static readonly ClaimsPrincipal Administrator = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, Caller.AdministratorRole)], "Bearer"));

    [Theory]
    [InlineData(null, AgreementRole.Observer, 404)]
    [InlineData(null, AgreementRole.Facilitator, 404)]
    [InlineData(AgreementRole.Observer, AgreementRole.Observer, 0)]
    [InlineData(AgreementRole.Observer, AgreementRole.Member, 403)]
    [InlineData(AgreementRole.Member, AgreementRole.Observer, 0)]
    [InlineData(AgreementRole.Member, AgreementRole.Member, 0)]
    [InlineData(AgreementRole.Member, AgreementRole.Facilitator, 403)]
    [InlineData(AgreementRole.Facilitator, AgreementRole.Member, 0)]
    [InlineData(AgreementRole.Facilitator, AgreementRole.Facilitator, 0)]
    public void each_role_may_do_what_the_roles_below_it_may(AgreementRole? held, AgreementRole required, int status)
    {
        var problem = AgreementAccess.Check(Participant, held, required);

        if (status == 0)
        {
            problem.ShouldBeSameAs(WolverineContinue.NoProblems);
        }
        else
        {
            problem.Status.ShouldBe(status);
        }
    }

    [Fact]
    public void a_refusal_names_the_role_that_is_needed()
    {
        AgreementAccess.Check(Participant, AgreementRole.Observer, AgreementRole.Facilitator).Detail!
            .ShouldContain("needs the facilitator role in this agreement; you are an observer");
    }

    [Fact]
    public void the_administrator_may_do_everything_even_without_membership()
    {
        AgreementAccess.Check(Administrator, null, AgreementRole.Facilitator).ShouldBeSameAs(WolverineContinue.NoProblems);
    }
}
