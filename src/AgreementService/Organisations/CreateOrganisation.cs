using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Organisations;

/// <summary>A member organisation.</summary>
/// <param name="Name" example="European Roma Rights Centre">Its name, unique whatever its case.</param>
public sealed record CreateOrganisation(string Name);

public sealed class CreateOrganisationValidator : AbstractValidator<CreateOrganisation>
{
    public CreateOrganisationValidator() => RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
}

public static class CreateOrganisationEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(CreateOrganisation command, IQuerySession session, CancellationToken ct)
    {
        var name = command.Name.Trim();
        return await session.Query<Organisation>().AnyAsync(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase), ct)
            ? Problems.Conflict($"An organisation named '{name}' already exists. Use it, or choose another name.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>The administrator registers a member organisation. Names are unique, whatever their case.</summary>
    [WolverinePost("/organisations", OperationId = "createOrganisation")]
    [Authorize(Policy = Caller.AdministratorPolicy)]
    public static (Created<OrganisationView>, IStartStream) Post(CreateOrganisation command, ClaimsPrincipal user, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        var created = new OrganisationCreated(id, command.Name.Trim(), clock.GetUtcNow(), user.Actor());
        return (TypedResults.Created($"/organisations/{id}", OrganisationView.From(Organisation.Create(created))), MartenOps.StartStream<Organisation>(id, created));
    }
}
