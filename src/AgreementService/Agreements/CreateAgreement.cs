using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using AgreementService.Participants;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Agreements;

/// <summary>
/// A new agreement and its founding text (version 1). Its first facilitator is <c>facilitatorId</c>, or
/// the caller when that is left out and the caller is a participant.
/// </summary>
public sealed record CreateAgreement(string Slug, string Title, Visibility? Visibility, IReadOnlyList<ClauseDraft> Clauses, Guid? FacilitatorId);

public sealed class CreateAgreementValidator : AbstractValidator<CreateAgreement>
{
    public CreateAgreementValidator()
    {
        RuleFor(x => x.Slug).NotEmpty().MaximumLength(80).Matches(@"^[a-z0-9]+(-[a-z0-9]+)*\z") // \z: '$' would accept a trailing line break
            .WithMessage("'slug' is the agreement's URL name: lower-case letters and digits in words joined by single hyphens, such as 'community-agreement'.");
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Visibility).NotNull();
        RuleFor(x => x.Clauses).NotEmpty()
            .Must(c => Count(c) <= Outline.MaxClauses).WithMessage($"An agreement can have at most {Outline.MaxClauses} clauses.")
            .Must(c => Characters(c) <= Outline.MaxCharacters).WithMessage($"An agreement's headings and texts can hold at most {Outline.MaxCharacters:N0} characters in all.");
        RuleForEach(x => x.Clauses).NotNull().WithMessage(ClauseDraftValidator.NoClause).SetValidator(new ClauseDraftValidator(1));
    }

    private static int Count(IReadOnlyList<ClauseDraft>? clauses) => clauses?.Sum(c => 1 + Count(c?.Clauses)) ?? 0;

    private static long Characters(IReadOnlyList<ClauseDraft>? clauses) =>
        clauses?.Sum(c => (long)(c?.Heading?.Length ?? 0) + (c?.Text?.Length ?? 0) + Characters(c?.Clauses)) ?? 0;
}

public sealed class ClauseDraftValidator : AbstractValidator<ClauseDraft>
{
    public const string NoClause = "Each clause needs at least a 'text'; null is not a clause.";

    public ClauseDraftValidator(int level)
    {
        RuleFor(x => x.Text).NotEmpty().MaximumLength(Outline.MaxTextLength);
        RuleFor(x => x.Heading).MaximumLength(Outline.MaxHeadingLength);
        if (level < Outline.MaxDepth)
        {
            RuleForEach(x => x.Clauses).NotNull().WithMessage(NoClause).SetValidator(new ClauseDraftValidator(level + 1));
        }
        else
        {
            RuleFor(x => x.Clauses).Empty().WithMessage($"Clauses nest at most {Outline.MaxDepth} levels deep.");
        }
    }
}

public static class CreateAgreementEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(CreateAgreement command, IQuerySession session, CancellationToken ct)
    {
        if (await session.Query<Agreement>().AnyAsync(a => a.Slug == command.Slug, ct))
        {
            return Problems.Conflict($"The slug '{command.Slug}' is taken by another agreement. Choose another.");
        }

        return command.FacilitatorId is { } facilitator && await session.LoadAsync<Participant>(facilitator, ct) is null
            ? Problems.Unprocessable($"There is no participant {facilitator} to make facilitator. Register them first (POST /participants).")
            : WolverineContinue.NoProblems;
    }

    /// <summary>The administrator founds an agreement: its slug, title, visibility and clauses become version 1, and the participant named as `facilitatorId` (if any) its first facilitator.</summary>
    [WolverinePost("/agreements", OperationId = "createAgreement")]
    [Authorize(Policy = Caller.AdministratorPolicy)]
    public static (Created<AgreementView>, IStartStream) Post(CreateAgreement command, ClaimsPrincipal user, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        var at = clock.GetUtcNow();
        var created = new AgreementCreated(id, command.Slug, command.Title.Trim(), command.Visibility!.Value,
            Outline.Found(command.Clauses, Guid.CreateVersion7), DecisionRules.Default, user.Actor(), at);
        List<object> events = [created];
        if ((command.FacilitatorId ?? user.ParticipantId()) is { } facilitator)
        {
            events.Add(new MemberRoleSet(id, facilitator, AgreementRole.Facilitator, user.Actor(), at));
        }

        var agreement = Agreement.Create(created);
        var version = new AgreementVersion(AgreementVersion.IdFor(id, 1), id, 1, AgreementVersion.FoundingTitle, null, at, created.Clauses, [], []);
        return (TypedResults.Created($"/agreements/{id}", AgreementView.From(agreement, version)),
            MartenOps.StartStream<Agreement>(id, [.. events]));
    }
}
