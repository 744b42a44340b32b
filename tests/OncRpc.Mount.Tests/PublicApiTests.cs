using OncRpc.Testing;
using Xunit;

namespace OncRpc.Mount.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_checked_in_listing() =>
        ApiListingAssert.Matches(typeof(Exportnode).Assembly, "OncRpc.Mount.txt");
}
