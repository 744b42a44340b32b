using OncRpc.Testing;
using Xunit;

namespace OncRpc.Portmapper.Tests.Api;

public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_checked_in_listing() =>
        ApiListingAssert.Matches(typeof(OncRpc.Portmapper.PortmapperProgram).Assembly, "OncRpc.Portmapper.txt");
}
