using PortProbe.Probing;
using PortProbe.Reporting;
using Xunit;

namespace PortProbe.Tests.Reporting;

public sealed class VerdictTests
{
    private static readonly TcpCheck Open = new(TcpState.Open, null);
    private static readonly TcpCheck Closed = new(TcpState.Closed, "refused");
    private static readonly TcpCheck Filtered = new(TcpState.Filtered, "timeout");
    private static readonly UdpInspection Silent = new(UdpState.NoAnswer, [], null, null);

    [Fact]
    public void Udp_answer_makes_a_reflection_amplifier_even_with_tcp_filtered()
    {
        Assert.Equal(Verdict.ExposedUdp, HostReport.Decide(Filtered, Support.FakeInspector.Answering, null));
        Assert.Equal(Verdict.ExposedUdp, HostReport.Decide(Open, Support.FakeInspector.Answering, null));
    }

    [Fact]
    public void Open_tcp_with_silent_udp_is_exposed_over_tcp_only()
    {
        Assert.Equal(Verdict.ExposedTcpOnly, HostReport.Decide(Open, Silent, null));
        Assert.Equal(Verdict.ExposedTcpOnly, HostReport.Decide(Open, UdpInspection.NotChecked, null));
    }

    [Fact]
    public void Closed_or_filtered_tcp_with_silent_udp_is_not_exposed()
    {
        Assert.Equal(Verdict.NotExposed, HostReport.Decide(Closed, Silent, null));
        Assert.Equal(Verdict.NotExposed, HostReport.Decide(Filtered, new UdpInspection(UdpState.Closed, [], null, "refused"), null));
    }

    [Fact]
    public void Amplification_factor_is_the_largest_measured_ratio()
    {
        Assert.Equal(1144.0 / 40, Support.FakeInspector.Answering.Amplification);
        Assert.Null(Silent.Amplification);
    }

    [Fact]
    public void Exit_code_is_1_when_anything_is_exposed_else_2_on_errors_else_0()
    {
        HostReport Report(Verdict v) => new("t", null, null, UdpInspection.NotChecked, null, null, [], v, v == Verdict.Error ? "x" : null, TimeSpan.Zero);
        Assert.Equal(0, ScanSummary.Of([Report(Verdict.NotExposed)]).ExitCode);
        Assert.Equal(1, ScanSummary.Of([Report(Verdict.NotExposed), Report(Verdict.ExposedTcpOnly)]).ExitCode);
        Assert.Equal(1, ScanSummary.Of([Report(Verdict.Error), Report(Verdict.ExposedUdp)]).ExitCode);
        Assert.Equal(2, ScanSummary.Of([Report(Verdict.Error), Report(Verdict.NotExposed)]).ExitCode);
    }

    [Fact]
    public void Remediation_names_the_socket_unit_the_packages_the_firewall_nfsv4_and_a_recheck()
    {
        string all = string.Join("\n", Remediation.For(Verdict.ExposedUdp, 111));
        Assert.Contains("rpcbind.socket", all, StringComparison.Ordinal);
        Assert.Contains("systemctl mask", all, StringComparison.Ordinal);
        Assert.Contains("apt-get purge rpcbind", all, StringComparison.Ordinal);
        Assert.Contains("dnf remove rpcbind", all, StringComparison.Ordinal);
        Assert.Contains("111/udp", all, StringComparison.Ordinal);
        Assert.Contains("NFSv4-only", all, StringComparison.Ordinal);
        Assert.Contains("Re-check", all, StringComparison.Ordinal);
        Assert.Empty(Remediation.For(Verdict.NotExposed, 111));
    }
}
