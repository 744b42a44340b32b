using Xunit;

namespace RpcInfo.Tests;

public sealed class SampleBuildsTests
{
    [Fact]
    public void Sample_assembly_is_referenced() =>
        Assert.NotNull(typeof(RpcInfo.Tests.SampleBuildsTests).Assembly);
}
