using System.Net;

namespace PortProbe.Probing;

/// <summary>
/// Reads the export list of a host whose portmapper lists the mount daemon (program 100005). Implementations send
/// only MOUNTPROC_EXPORT (and NULL): never MNT, UMNT or UMNTALL, which change the server's mount list.
/// </summary>
internal interface IShareInspector
{
    /// <summary>
    /// Asks the mount daemon at one of its registrations for its export list, within <paramref name="timeout"/>;
    /// null when the programs include no mount daemon reachable over TCP or UDP.
    /// </summary>
    Task<ShareInspection?> InspectAsync(IPAddress host, IReadOnlyList<RegisteredProgram> programs, TimeSpan timeout, CancellationToken cancellationToken);
}
