using Xunit;

namespace PortProbe.Tests;

public sealed class SampleBuildsTests
{
    [Fact]
    public void Sample_assembly_is_referenced() =>
        Assert.NotNull(typeof(PortProbe.Tests.SampleBuildsTests).Assembly);
}
