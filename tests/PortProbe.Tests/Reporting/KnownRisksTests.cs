using PortProbe.Probing;
using PortProbe.Risk;
using Xunit;

namespace PortProbe.Tests.Reporting;

public sealed class KnownRisksTests
{
    [Theory]
    [InlineData(100003u, "nfs")]
    [InlineData(100005u, "mountd")]
    [InlineData(100004u, "ypserv")]
    [InlineData(100007u, "ypbind")]
    [InlineData(100001u, "rstatd")]
    [InlineData(100002u, "rusersd")]
    [InlineData(100008u, "walld")]
    [InlineData(100012u, "sprayd")]
    [InlineData(100017u, "rexd")]
    public void Table_covers_the_programs_the_advisories_name(uint program, string name)
    {
        KnownRisk risk = KnownRisks.Find(program)!;
        Assert.Equal(name, risk.Name);
        Assert.False(string.IsNullOrWhiteSpace(risk.Why));
        Assert.DoesNotContain('\n', risk.Why);
    }

    [Fact]
    public void Portmapper_itself_is_the_verdict_not_a_listed_risk()
    {
        Assert.Null(KnownRisks.Find(100000));
    }

    [Fact]
    public void Risks_among_registrations_are_distinct_and_ordered()
    {
        RegisteredProgram P(uint n, string proto) => new(n, 1, proto, 1, "a", "o");
        IReadOnlyList<KnownRisk> risks = KnownRisks.Among([P(100024, "udp"), P(100000, "tcp"), P(100005, "tcp"), P(100024, "tcp"), P(400000, "tcp")]);
        Assert.Equal([100005u, 100024u], risks.Select(r => r.Program));
    }
}
