using AgreementService.Access;
using AgreementService.Activity;
using AgreementService.Agreements;
using AgreementService.Comments;
using AgreementService.Infrastructure;
using AgreementService.LocalDatabase;
using AgreementService.Organisations;
using AgreementService.Participants;
using AgreementService.Proposals;
using AgreementService.Publishing;
using AgreementService.Votes;
using AgreementService.Webhooks;
using AgreementService.Mail;
using AgreementService.Notifications;
using AgreementService.Web;
using FluentValidation;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = Problems.MaxBodyBytes;
    k.AddServerHeader = false;
});

var (proxies, proxiesProblem) = Proxies.From(builder.Configuration);
if ((AdministratorToken.ConfigurationProblem(builder.Configuration) ?? proxiesProblem) is { } problem)
{
    await Console.Error.WriteLineAsync(problem);
    return 1;
}

ProvisionedDatabase database;
try
{
    database = await DatabaseProvisioning.ForServiceAsync(builder.Configuration);
}
catch (DatabaseUnavailableException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

await using (database)
{
    builder.AddCritterStack(database.ConnectionString);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddProblemResponses();
    builder.Services.AddHealth();
    builder.Services.AddTelemetry(builder.Configuration);
    builder.Services.AddOpenApiDocument();
    builder.Services.AddAccess();
    builder.Services.AddOrganisations();
    builder.Services.AddParticipants();
    builder.Services.AddAgreements();
    builder.Services.AddProposals();
    builder.Services.AddComments();
    builder.Services.AddActivity();
    builder.Services.AddVotes();
    builder.Services.AddPublishing();
    RateLimits.From(builder.Configuration).AddTo(builder.Services);
    builder.Services.AddWebhooks(builder.Configuration);
    builder.Services.AddMail(builder.Configuration);
    builder.Services.AddNotifications();
    builder.Services.AddWebApp();
    // Validators that take arguments (nested ones, such as a clause at a given depth) are built by their parents.
    builder.Services.AddValidatorsFromAssemblyContaining<Program>(filter: v => v.ValidatorType.GetConstructor(Type.EmptyTypes) is not null,
        includeInternalTypes: true);
    RequestValidation.UseJsonFieldNames();

    var app = builder.Build();
    app.Logger.LogInformation("Database: {Database}", database.Description);

    proxies!.Use(app); // first: the client's address and scheme, for the limits and HSTS
    app.UseSecurityHeaders();
    app.UseBodilessHead();
    app.UseProblemResponses();
    app.UseCors();
    app.UseAuthentication();
    app.UseRateLimiter(); // after authentication: writes are limited per caller
    app.UseAuthorization();
    app.MapHealth();
    app.MapOpenApiDocument();
    app.MapEndpoints();
    app.MapWebApp();

    try
    {
        await database.Ready;
    }
    catch (DatabaseUnavailableException e)
    {
        await Console.Error.WriteLineAsync(e.Message);
        return 1;
    }

    await app.RunAsync();
    if (database.StartedHere)
    {
        await database.DisposeAsync();
        app.Logger.LogInformation("Stopped the database this process started: {Database}", database.Description);
    }

    return 0;
}

public partial class Program;
