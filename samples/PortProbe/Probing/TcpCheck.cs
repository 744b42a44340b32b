namespace PortProbe.Probing;

/// <summary>The result of the TCP connect check; <see cref="Detail"/> says why when it was not open.</summary>
internal sealed record TcpCheck(TcpState State, string? Detail);
