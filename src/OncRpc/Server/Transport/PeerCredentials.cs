using System.Net.Sockets;

namespace OncRpc.Server.Transport;

/// <summary>Reads the peer's user id of a Unix domain socket from the kernel.</summary>
internal static class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static uint? TryGetUserId(Socket socket)
    {
#if NET
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } in host byte order.
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            int length = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
            return length >= 8 ? System.Runtime.InteropServices.MemoryMarshal.Read<uint>(ucred.Slice(4)) : null;
        }
        catch (SocketException)
        {
            return null;
        }
#else
        _ = socket;
        return null;
#endif
    }
}
