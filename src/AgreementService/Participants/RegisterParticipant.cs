using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using AgreementService.Organisations;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Participants;

/// <summary>A person who takes part.</summary>
/// <param name="Name" example="Fatima Diallo">How others see them named.</param>
/// <param name="Email" example="fatima.diallo@errc.example">Where they are reached; unique.</param>
/// <param name="OrganisationId">The organisation they speak for, if any.</param>
public sealed record RegisterParticipant(string Name, string Email, Guid? OrganisationId);

public sealed class RegisterParticipantValidator : AbstractValidator<RegisterParticipant>
{
    public RegisterParticipantValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Email).NotEmpty().MaximumLength(320).EmailAddress();
    }
}

public static class RegisterParticipantEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(RegisterParticipant command, IQuerySession session, CancellationToken ct)
    {
        if (command.OrganisationId is { } organisationId && await session.LoadAsync<Organisation>(organisationId, ct) is null)
        {
            return Problems.Unprocessable($"There is no organisation {organisationId}. Create it first (POST /organisations), or leave organisationId out.");
        }

        var email = NormaliseEmail(command.Email);
        return await session.Query<Participant>().AnyAsync(p => p.Email == email, ct)
            ? Problems.Conflict($"A participant with the email {email} is already registered.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>The administrator registers a person by name and email (unique), optionally of an organisation. They act once they hold a token (POST /participants/{id}/tokens).</summary>
    [WolverinePost("/participants", OperationId = "registerParticipant")]
    [Authorize(Policy = Caller.AdministratorPolicy)]
    public static (Created<ParticipantView>, IStartStream) Post(RegisterParticipant command, ClaimsPrincipal user, TimeProvider clock)
    {
        var e = new ParticipantRegistered(Guid.CreateVersion7(), command.Name.Trim(), NormaliseEmail(command.Email), command.OrganisationId,
            clock.GetUtcNow(), user.Actor());
        return (TypedResults.Created($"/participants/{e.ParticipantId}", ParticipantView.From(Participant.Create(e))),
            MartenOps.StartStream<Participant>(e.ParticipantId, e));
    }

    /// <summary>One person, one address: compared case-insensitively.</summary>
    private static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();
}
