using AgreementService.Agreements;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Wolverine.Http;

namespace AgreementService.Notifications;

/// <summary>
/// One-click unsubscribe (RFC 8058), without sign-in: every notification's <c>List-Unsubscribe</c> names
/// <c>/unsubscribe/{token}</c>, the token naming a participant and an agreement, signed (Notifier.cs). A mail client
/// POSTs <c>List-Unsubscribe=One-Click</c> to it; a person who opens it sees a page with one button that posts the same.
/// Opening the page changes nothing: mail scanners open links.
/// </summary>
[AllowAnonymous, EnableRateLimiting(Publishing.PublicAgreementsEndpoint.Policy)]
public static class UnsubscribeEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(string token, UnsubscribeTokens tokens, CancellationToken ct) =>
        await tokens.ReadAsync(token, ct) is null ? Problems.NotFound("unsubscribe link") : WolverineContinue.NoProblems;

    /// <summary>The page an unsubscribe link opens: what it stops, and one button to stop it. Changes nothing by itself.</summary>
    [WolverineGet("/unsubscribe/{token}", OperationId = "getUnsubscribe")]
    [ProducesResponseType(typeof(string), 200, "text/html")]
    public static async Task<IResult> Get(string token, UnsubscribeTokens tokens, IQuerySession session, CancellationToken ct)
    {
        var (_, agreementId) = (await tokens.ReadAsync(token, ct))!.Value;
        var title = (await session.LoadAsync<Agreement>(agreementId, ct))?.Title ?? "";
        return Html.Page(StatusCodes.Status200OK, "Unsubscribe", $"<p>Stop the emails of “{Html.Escape(title)}”?</p>" +
                    "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button type=\"submit\">Unsubscribe</button></form>");
    }

    /// <summary>
    /// Stops the emails of the agreement the link names (its level becomes <c>none</c>), as RFC 8058's one-click POST
    /// (<c>List-Unsubscribe=One-Click</c>, form-encoded) or the page's button asks. Needs no sign-in; doing it twice is harmless.
    /// </summary>
    [WolverinePost("/unsubscribe/{token}", OperationId = "unsubscribe")]
    [FormField("List-Unsubscribe", "One-Click")] // described for mail clients, never read: the token alone says what to stop
    [ProducesResponseType(typeof(string), 200, "text/html")]
    public static async Task<IResult> Post(string token, UnsubscribeTokens tokens, IDocumentSession session, CancellationToken ct)
    {
        var (participantId, agreementId) = (await tokens.ReadAsync(token, ct))!.Value;
        var settings = await session.LoadAsync<NotificationSettings>(participantId, ct) ?? NotificationSettings.Default(participantId);
        session.Store(settings.With(agreementId, NotificationLevel.None));
        var title = (await session.LoadAsync<Agreement>(agreementId, ct))?.Title ?? "";
        return Html.Page(StatusCodes.Status200OK, "Unsubscribed", $"<p>You will receive no more emails from “{Html.Escape(title)}”. Your notification settings can change this again.</p>");
    }

}
