using AgreementService.Tests.Support;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;

namespace AgreementService.Tests.Infrastructure;

/// <summary>
/// Wolverine's handler and endpoint code is generated ahead of time into src/AgreementService/Internal/Generated and
/// loaded statically (no compiler at run time). It must be exactly what Wolverine would generate from the code today.
/// To refresh it after changing a handler or endpoint: AGREEMENTS_UPDATE_CODEGEN=1 dotnet test --filter GeneratedCode
/// (if the old files no longer compile, delete the folder first).
/// </summary>
public sealed class GeneratedCodeTests(AppFixture app) : IntegrationContext(app)
{
    private static readonly string CommittedPath =
        Path.Combine(OpenApiTests.RepositoryRoot(), "src", "AgreementService", "Internal", "Generated");

    [Fact]
    public void the_committed_code_is_what_wolverine_generates()
    {
        var generated = Generate();
        if (Environment.GetEnvironmentVariable("AGREEMENTS_UPDATE_CODEGEN") == "1")
        {
            if (Directory.Exists(CommittedPath))
            {
                Directory.Delete(CommittedPath, recursive: true);
            }

            foreach (var (name, code) in generated)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(CommittedPath, name))!);
                File.WriteAllText(Path.Combine(CommittedPath, name), code);
            }
        }

        var committed = Files(CommittedPath);
        committed.Keys.Order().ShouldBe(generated.Keys.Order(),
            "Internal/Generated lacks or has extra files: run 'AGREEMENTS_UPDATE_CODEGEN=1 dotnet test --filter GeneratedCode' and commit it.");
        foreach (var (name, code) in generated)
        {
            (committed[name] == code).ShouldBeTrue(
                $"Internal/Generated/{name} differs from the code: run 'AGREEMENTS_UPDATE_CODEGEN=1 dotnet test --filter GeneratedCode' and commit it.");
        }
    }

    /// <summary>Every generated file, by its path under Internal/Generated, as Wolverine's 'codegen write' would write it.</summary>
    private Dictionary<string, string> Generate()
    {
        var services = App.Host.Services;
        var collections = services.GetServices<ICodeFileCollection>().ToArray();
        collections.ShouldNotBeEmpty();
        var scratch = Directory.CreateTempSubdirectory("agreements-codegen-").FullName;
        var original = collections.Select(c => c.Rules.GeneratedCodeOutputPath).ToArray();
        try
        {
            foreach (var collection in collections)
            {
                collection.Rules.GeneratedCodeOutputPath = scratch;
            }

            new DynamicCodeBuilder(services, collections) { ServiceVariableSource = services.GetService<IServiceVariableSource>() }
                .WriteGeneratedCode(_ => { });
            return Files(scratch);
        }
        finally
        {
            for (var i = 0; i < collections.Length; i++)
            {
                collections[i].Rules.GeneratedCodeOutputPath = original[i];
            }

            Directory.Delete(scratch, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"))
            : [];
}
