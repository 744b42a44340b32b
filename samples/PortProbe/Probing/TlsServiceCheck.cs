namespace PortProbe.Probing;

/// <summary>The answer of one service (portmapper or NFS) to the AUTH_TLS probe, and where it was asked.</summary>
internal sealed record TlsServiceCheck(uint Program, uint? Version, int? Port, TlsState State, string? Detail)
{
    public static TlsServiceCheck NotChecked(uint program, string? why) => new(program, null, null, TlsState.NotChecked, why);
}
