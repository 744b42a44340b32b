using OncRpc.Testing;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Api;

public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_checked_in_listing() =>
        ApiListingAssert.Matches(typeof(XdrReader).Assembly, "OncRpc.txt");
}
