using System.Globalization;
using AgreementService.Infrastructure;
using AgreementService.Organisations;
using AgreementService.Participants;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Web;

/// <summary>
/// The administrator's page: invite participants, register organisations, see who has never signed in (and resend their
/// invitation), appoint and dismiss administrators. Who may open it is the API's answer to listing participants.
/// </summary>
public static class AdministrationPages
{
    private const string Page = "/app/administration";

    /// <summary>How many participants the page lists at a time.</summary>
    private const int PageSize = 50;

    public static void MapAdministrationPages(this RouteGroupBuilder pages)
    {
        pages.MapGet(Page, (HttpContext context, ApiCalls api, [FromQuery] string? notice, [FromQuery] int? page) =>
            Respond.SignedInAsync(context, viewer => ShowAsync(context, api, viewer, notice, page ?? 1)));

        pages.MapPost($"{Page}/invitations", (HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, async viewer =>
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                var answer = await api.PostAsync<InvitationSent>(context, "/invitations", new RegisterParticipant(form["name"].ToString(), form["email"].ToString(),
                    Guid.TryParse(form["organisationId"], out var organisation) ? organisation : null));
                return answer is { Value: { } sent }
                    ? Respond.SeeOther(Page, string.Format(CultureInfo.InvariantCulture, Strings.Admin_Invited, sent.Participant.Name, sent.Participant.Email))
                    : await ShowAsync(context, api, viewer, null, 1, new Pages.Administration.RefusedForm(Pages.Administration.Forms.Invite, answer.Problem!, form));
            }));

        pages.MapPost($"{Page}/organisations", (HttpContext context, ApiCalls api) =>
            Respond.SignedInAsync(context, async viewer =>
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                var answer = await api.PostAsync<OrganisationView>(context, "/organisations", new CreateOrganisation(form["name"].ToString()));
                return answer is { Value: { } created }
                    ? Respond.SeeOther(Page + "#organisations", string.Format(CultureInfo.InvariantCulture, Strings.Admin_OrganisationCreated, created.Name))
                    : await ShowAsync(context, api, viewer, null, 1, new Pages.Administration.RefusedForm(Pages.Administration.Forms.Organisation, answer.Problem!, form));
            }));

        pages.MapPost($"{Page}/participants/{{id:guid}}/invitation", (Guid id, HttpContext context, ApiCalls api) =>
            Act(context, () => api.PostAsync<InvitationSent>(context, $"/participants/{id}/invitation", null),
                sent => string.Format(CultureInfo.InvariantCulture, Strings.Admin_Resent, sent.Participant.Name, sent.Participant.Email)));

        pages.MapPost($"{Page}/participants/{{id:guid}}/appoint", (Guid id, HttpContext context, ApiCalls api) =>
            Act(context, () => api.PutAsync<ParticipantView>(context, $"/participants/{id}/administrator", null),
                participant => string.Format(CultureInfo.InvariantCulture, Strings.Admin_Appointed, participant.Name)));

        pages.MapPost($"{Page}/participants/{{id:guid}}/dismiss", (Guid id, HttpContext context, ApiCalls api) =>
            Act(context, async () =>
            {
                var participant = await api.GetAsync<ParticipantView>(context, $"/participants/{id}");
                var dismissed = participant.Succeeded ? await api.DeleteAsync<object>(context, $"/participants/{id}/administrator") : null;
                return dismissed is { Succeeded: false } ? new Answer<ParticipantView>(dismissed.Status, null, dismissed.Problem) : participant;
            }, participant => string.Format(CultureInfo.InvariantCulture, Strings.Admin_Dismissed, participant.Name)));
    }

    /// <summary>A button on a participant's row: the API's answer, then this page saying what was done (or the refusal as a page).</summary>
    private static Task<IResult> Act<T>(HttpContext context, Func<Task<Answer<T>>> call, Func<T, string> done) =>
        Respond.SignedInAsync(context, async _ =>
        {
            var answer = await call();
            return answer.Value is { } value && answer.Succeeded ? Respond.SeeOther(Page + "#participants", done(value)) : Configuration.Refusal(context, answer.Problem!);
        });

    private static async Task<IResult> ShowAsync(HttpContext context, ApiCalls api, Viewer viewer, string? notice, int page, Pages.Administration.RefusedForm? refusal = null)
    {
        // Listing participants is the administrators': the API's answer decides who sees this page.
        var waiting = await api.GetAsync<Paged<ParticipantView>>(context, $"/participants?signedIn=false&pageSize={Paging.MaxPageSize}");
        if (waiting.Problem is { } refused)
        {
            return Configuration.Refusal(context, refused);
        }

        var everyone = await api.GetAsync<Paged<ParticipantView>>(context, $"/participants?page={page}&pageSize={PageSize}");
        if (everyone.Problem is { } badPage)
        {
            return Configuration.Refusal(context, badPage);
        }

        return Respond.Show<Pages.Administration>(new
        {
            Viewer = viewer,
            Notice = notice,
            NeverSignedIn = waiting.Value!,
            Participants = everyone.Value!,
            Organisations = (await api.GetAsync<Paged<OrganisationView>>(context, $"/organisations?pageSize={Paging.MaxPageSize}")).Value!.Items,
            Zone = await Configuration.ZoneAsync(context, api),
            Refusal = refusal,
        }, refusal?.Problem.Status ?? StatusCodes.Status200OK);
    }
}
