using AgreementService.Access;

namespace AgreementService.Tests.Unit;

public sealed class TokensTests
{
    [Fact]
    public void tokens_are_long_random_and_url_safe()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => Tokens.NewToken()).ToList();

        tokens.Distinct().Count().ShouldBe(1000);
        tokens.ShouldAllBe(t => t.StartsWith("agr_") && t.Length == 47 && t.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'));
    }

    [Fact]
    public void the_hash_is_stable_and_does_not_contain_the_token()
    {
        var token = Tokens.NewToken();

        Tokens.Hash(token).ShouldBe(Tokens.Hash(token));
        Tokens.Hash(token).ShouldNotContain(token[4..]);
        Tokens.Hash(token).ShouldNotBe(Tokens.Hash(Tokens.NewToken()));
        Tokens.HashesEqual(Tokens.Hash(token), Tokens.Hash(token)).ShouldBeTrue();
    }
}
