namespace AgreementService.Tests.Support;

/// <summary>The kinds of test a developer may leave out of a quick run: <c>dotnet test --filter "Category!=Process"</c>.</summary>
public static class TestKinds
{
    /// <summary>Tests that run the service as a process of its own, or PostgreSQL clusters of their own: crash, outage, restart, two instances, limits, browser.</summary>
    public const string Process = "Process";
}
