using AgreementService.Infrastructure;
using AgreementService.Mail;
using AgreementService.Participants;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Access;

/// <summary>Asks for a sign-in link.</summary>
/// <param name="Email" example="fatima.diallo@errc.example">The address the participant is registered with.</param>
public sealed record RequestSignIn(string Email);

public sealed class RequestSignInValidator : AbstractValidator<RequestSignIn>
{
    public RequestSignInValidator() => RuleFor(x => x.Email).ParticipantEmail();
}

/// <summary>The same answer whether or not the address is known.</summary>
public sealed record SignInRequested(string Detail);

[AllowAnonymous]
public static class RequestSignInEndpoint
{
    public static ProblemDetails Validate(RequestSignIn command, HttpContext context, SignInLimits limits) => limits.Check(context, command.Email);

    public static Task<Participant?> LoadAsync(RequestSignIn command, IQuerySession session, CancellationToken ct) =>
        RegisterParticipantEndpoint.WithEmailAsync(command.Email, session, ct);

    /// <summary>
    /// Sends a link that signs the participant with this address in, once, within 15 minutes. The answer is the same, 202,
    /// whether or not the address is known, so it tells nobody who is registered. An address named in
    /// Agreements:Administrators is registered by its first request.
    /// </summary>
    [WolverinePost("/sign-in", OperationId = "requestSignIn")]
    public static (Accepted<SignInRequested>, IEnumerable<IMartenOp>, OutgoingMessages) Post(RequestSignIn command, Participant? participant,
        Administrators administrators, SignInLinks links, TimeProvider clock)
    {
        List<IMartenOp> writes = [];
        var messages = new OutgoingMessages();
        if (participant is null && administrators.Configured(command.Email))
        {
            var email = RegisterParticipantEndpoint.NormaliseEmail(command.Email);
            (participant, var start) = RegisterParticipantEndpoint.Register(new RegisterParticipant(email.Split('@')[0], email, null), Administrators.Setting, clock);
            writes.Add(start);
        }

        if (participant is not null)
        {
            var (link, email) = links.SignIn(participant);
            writes.Add(MartenOps.Store(link));
            messages.Add(email);
        }

        return (TypedResults.Accepted((string?)null, new SignInRequested(
            $"If this is the address of a participant, a sign-in link is on its way to it. It works once, within {(int)SignInLinks.SignInLifetime.TotalMinutes} minutes.")),
            writes, messages);
    }
}

/// <summary>
/// The emailed link. Opening it (GET) only shows a page with one button, because mail scanners open links; the button
/// posts to the same address, which uses the link and starts the session. A link that is unknown, used or expired is
/// 410 Gone, with a page saying to ask for a new one. The pages run no script and load only the web app's stylesheet.
/// </summary>
[AllowAnonymous]
public static class SignInEndpoint
{
    public const string Html = "text/html";

    /// <summary>A page with one button that signs in (the link itself, opened by a mail scanner, must not).</summary>
    [WolverineGet("/sign-in/{token}", OperationId = "getSignInPage")]
    [ProducesResponseType(typeof(string), 200, Html)]
    [ProducesResponseType(typeof(string), 410, Html)]
    public static async Task<IResult> Get(string token, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var link = await session.LoadAsync<SignInLink>(Tokens.Hash(token), ct);
        if (link is null || !link.Usable(clock.GetUtcNow()) || await session.LoadAsync<Participant>(link.ParticipantId, ct) is not { } participant)
        {
            return Gone();
        }

        return Infrastructure.Html.Page(StatusCodes.Status200OK, "Sign in",
            $"<p>Sign in to the Community Agreement as {Infrastructure.Html.Escape(participant.Name)}.</p><form method=\"post\"><button type=\"submit\">Sign in</button></form>");
    }

    /// <summary>Uses the link, once: starts a session (the cookie) and sends the browser to the web app, 303 to / (or to the page that asked for the sign-in, in this browser).</summary>
    [WolverinePost("/sign-in/{token}", OperationId = "signIn")]
    [ProducesResponseType(303)]
    [ProducesResponseType(typeof(string), 410, Html)]
    public static async Task<IResult> Post(string token, HttpContext context, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hash = Tokens.Hash(token);
        await LockAsync(session, hash, ct);
        var link = await session.LoadAsync<SignInLink>(hash, ct);
        if (link is null || !link.Usable(now) || await session.LoadAsync<Participant>(link.ParticipantId, ct) is null)
        {
            return Gone();
        }

        session.Store(link with { UsedAt = now });
        var (browser, secret) = BrowserSession.Begin(link.ParticipantId, context.Request.Headers.UserAgent, now);
        session.Store(browser);
        session.Events.Append(link.ParticipantId, new ParticipantSignedIn(link.ParticipantId, now));
        SessionCookie.Write(context, secret, browser.Ends());
        return Web.Respond.AfterSignIn(context);
    }

    /// <summary>
    /// Locks the link's row until the sign-in commits. Of two presses at once (a double click, or two tabs), the second waits
    /// here for the first, then reads the link as used and is answered as any used link is: it works once, even then.
    /// </summary>
    private static async Task LockAsync(IDocumentSession session, string hash, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(SignInLink)).TableName.QualifiedName;
        await session.QueryAsync<int>($"select count(*) from (select id from {table} where id = ? for update) as locked", ct, hash);
    }

    private static IResult Gone() => Infrastructure.Html.Page(StatusCodes.Status410Gone, "This link no longer works",
        "<p>This sign-in link was used already, has expired, or is not one this service sent. <a href=\"/app/sign-in\">Ask for a new one</a> with your email address.</p>");
}
