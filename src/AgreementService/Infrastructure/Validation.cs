using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace AgreementService.Infrastructure;

/// <summary>
/// Runs the FluentValidation validator of an endpoint's request body, when one is registered, before anything
/// else. (Wolverine's own FluentValidation package is not available here; this is its policy, trimmed.)
/// </summary>
internal sealed class RequestValidationPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType))
        {
            // Every body must be there (JSON null is no body); the bodies that have a validator must also pass it.
            var requestType = chain.RequestType!;
            var validated = container.RegistrationsFor(typeof(IValidator<>).MakeGenericType(requestType)).Any();
            if (validated)
            {
                chain.Metadata.ProducesValidationProblem();
            }

            var method = typeof(RequestValidation).GetMethod(validated ? nameof(RequestValidation.ValidateAsync) : nameof(RequestValidation.RequireBody))!
                .MakeGenericMethod(requestType);
            var call = new MethodCall(typeof(RequestValidation), method);
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
        }
    }
}

public static class RequestValidation
{
    public static IResult RequireBody<T>(T? request) =>
        request is null ? Results.Problem(Problems.Invalid(new Dictionary<string, string[]> { [Problems.Body] = [Problems.NoBody] })) : WolverineContinue.Result();

    public static async Task<IResult> ValidateAsync<T>(IValidator<T> validator, T? request)
    {
        if (request is null)
        {
            return RequireBody(request);
        }

        var result = await validator.ValidateAsync(request);
        if (result.IsValid)
        {
            return WolverineContinue.Result();
        }

        return Results.Problem(Problems.Invalid(result.ToDictionary()));
    }

    /// <summary>
    /// Field names in errors are the JSON names clients send (camelCase), not C# property names: the keys are JSON paths
    /// ("changes[0].text"), as they are for a body that cannot be read (<see cref="UnreadableBody"/>).
    /// </summary>
    public static void UseJsonFieldNames()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonName(member.Name);
    }

    private static string JsonName(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
