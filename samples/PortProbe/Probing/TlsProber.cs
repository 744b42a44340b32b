using System.Net;
using OncRpc;
using OncRpc.Client;
using OncRpc.Messages;

namespace PortProbe.Probing;

/// <summary>
/// Asks the portmapper and NFS whether they offer RPC-with-TLS with the library's <see cref="RpcTlsProbe"/>: one
/// NULL call with the AUTH_TLS credential each, on a connection of its own, closed after the answer. NFS is asked
/// at the TCP port the program listing gives it (its highest version over tcp or tcp6), so a host whose listing
/// has no NFS over TCP is not asked.
/// </summary>
internal static class TlsProber
{
    public static async Task<TlsInspection> InspectAsync(IPEndPoint endPoint, ProgramListing? listing, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task<TlsServiceCheck> portmapper = CheckAsync(endPoint, TlsInspection.PortmapperProgram, 2, timeout, cancellationToken);
        RegisteredProgram? nfs = listing?.Programs
            .Where(p => p.Program == TlsInspection.NfsProgram && p.Port is > 0 and <= 65535 && p.Protocol is "tcp" or "tcp6")
            .OrderByDescending(p => p.Version)
            .FirstOrDefault();
        TlsServiceCheck nfsCheck = nfs is null
            ? TlsServiceCheck.NotChecked(TlsInspection.NfsProgram, listing is null ? "no program list" : "not registered over TCP")
            : await CheckAsync(new IPEndPoint(endPoint.Address, nfs.Port!.Value), TlsInspection.NfsProgram, nfs.Version, timeout, cancellationToken).ConfigureAwait(false);
        return new TlsInspection(await portmapper.ConfigureAwait(false), nfsCheck);
    }

    private static async Task<TlsServiceCheck> CheckAsync(IPEndPoint endPoint, uint program, uint version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            RpcReplyHeader reply = await RpcTlsProbe.ProbeAsync(endPoint, program, version, timeout, cancellationToken).ConfigureAwait(false);
            (TlsState state, string? detail) = Classify(reply);
            return new TlsServiceCheck(program, version, endPoint.Port, state, detail);
        }
        catch (Exception ex) when (ex is RpcException or TimeoutException)
        {
            return new TlsServiceCheck(program, version, endPoint.Port, TlsState.Error, ex.Message);
        }
    }

    private static (TlsState State, string? Detail) Classify(in RpcReplyHeader reply)
    {
        if (RpcTlsProbe.OffersTls(reply))
        {
            return (TlsState.StartTls, null);
        }

        if (reply.Status == ReplyStatus.Denied && reply.RejectStatus == RejectStatus.AuthError)
        {
            return (TlsState.Refused, "AUTH_ERROR " + AuthText(reply.AuthStatus));
        }

        return (TlsState.NoStartTls, reply.ToString());
    }

    private static string AuthText(AuthStatus status) => status switch
    {
        AuthStatus.BadCredential => "bad credential",
        AuthStatus.RejectedCredential => "rejected credential",
        AuthStatus.TooWeak => "too weak",
        _ => status.ToString(),
    };
}
