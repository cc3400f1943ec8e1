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
        RuleFor(x => x.Name).ParticipantName();
        RuleFor(x => x.Email).ParticipantEmail();
    }
}

/// <summary>What a participant's name and email must be, wherever they are given (registration, invitations, sign-in).</summary>
public static class ParticipantRules
{
    public static IRuleBuilderOptions<T, string> ParticipantName<T>(this IRuleBuilder<T, string> rule) => rule.NotEmpty().MaximumLength(200);

    public static IRuleBuilderOptions<T, string> ParticipantEmail<T>(this IRuleBuilder<T, string> rule) => rule.NotEmpty().MaximumLength(320).EmailAddress();
}

public static class RegisterParticipantEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(RegisterParticipant command, IQuerySession session, CancellationToken ct)
    {
        if (await OrganisationProblemAsync(command.OrganisationId, session, ct) is { } problem)
        {
            return problem;
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
        var (participant, start) = Register(command, user.Actor(), clock);
        return (TypedResults.Created($"/participants/{participant.Id}", ParticipantView.From(participant)), start);
    }

    /// <summary>
    /// The one way a participant comes to be (registered by the administrator, invited, or an address named in
    /// Agreements:Administrators asking to sign in): the participant and the stream that records it.
    /// </summary>
    public static (Participant Participant, IStartStream Start) Register(RegisterParticipant command, string by, TimeProvider clock)
    {
        var e = new ParticipantRegistered(Guid.CreateVersion7(), command.Name.Trim(), NormaliseEmail(command.Email), command.OrganisationId,
            clock.GetUtcNow(), by);
        return (Participant.Create(e), MartenOps.StartStream<Participant>(e.ParticipantId, e));
    }

    /// <summary>Why the organisation cannot be named (it does not exist), or null.</summary>
    public static async Task<ProblemDetails?> OrganisationProblemAsync(Guid? organisationId, IQuerySession session, CancellationToken ct) =>
        organisationId is { } id && await session.LoadAsync<Organisation>(id, ct) is null
            ? Problems.Unprocessable($"There is no organisation {id}. Create it first (POST /organisations), or leave organisationId out.")
            : null;

    /// <summary>The participant registered with that address, if any.</summary>
    public static Task<Participant?> WithEmailAsync(string email, IQuerySession session, CancellationToken ct)
    {
        var normalised = NormaliseEmail(email);
        return session.Query<Participant>().Where(p => p.Email == normalised).FirstOrDefaultAsync(ct);
    }

    /// <summary>One person, one address: compared case-insensitively.</summary>
    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();
}
