namespace PortProbe.Probing;

/// <summary>Whether the portmapper (100000) and NFS (100003) of a host accept the AUTH_TLS probe.</summary>
internal sealed record TlsInspection(TlsServiceCheck Portmapper, TlsServiceCheck Nfs)
{
    public const uint PortmapperProgram = 100000;

    public const uint NfsProgram = 100003;

    public static TlsInspection NotChecked { get; } = new(
        TlsServiceCheck.NotChecked(PortmapperProgram, null), TlsServiceCheck.NotChecked(NfsProgram, null));
}
