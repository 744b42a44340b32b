namespace PortProbe.Probing;

/// <summary>
/// One registration the portmapper disclosed: program, version, transport (a netid such as <c>tcp</c>, <c>udp6</c>
/// or <c>local</c>), port when the address has one, the universal address and the owner (rpcbind v3/v4 only).
/// </summary>
internal sealed record RegisteredProgram(uint Program, uint Version, string Protocol, int? Port, string Address, string Owner);
