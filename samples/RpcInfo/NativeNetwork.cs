using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace RpcInfo;

/// <summary>
/// The two C library calls a broadcast needs and .NET does not offer as such: the interface list of
/// <c>getifaddrs</c> (with each address's broadcast address and the interface flags) and <c>getnameinfo</c> with
/// the flags rpcinfo uses, whose failures (a name server out of reach, say) differ from .NET's reverse lookup.
/// Blittable signatures only, so NativeAOT needs no marshalling code. Linux only, like the tool.
/// </summary>
internal static unsafe class NativeNetwork
{
    private const uint IffUp = 0x1;
    private const uint IffBroadcast = 0x2;
    private const uint IffMulticast = 0x1000;
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;
    private const int NiMaxHost = 1025;
    private const int SockaddrInLength = 16;
    private const int SockaddrIn6Length = 28;

    // The most interface addresses we look at; a real host has a handful.
    private const int MaxInterfaceAddresses = 4096;

    /// <summary>The IPv6 multicast group of rpcbind (libtirpc's <c>RPCB_MULTICAST_ADDR</c>).</summary>
    private static readonly byte[] RpcbindMulticast = IPAddress.Parse("ff02::202").GetAddressBytes();

    /// <summary>
    /// libtirpc's <c>__rpc_getbroadifs</c>: for IPv4, the broadcast address of every up, broadcast-capable
    /// interface address; for IPv6, rpcbind's multicast group on every up, multicast-capable interface that has an
    /// IPv6 address (once per address, as the C code walks the address list). Empty when the list is unavailable.
    /// </summary>
    public static List<IPEndPoint> BroadcastTargets(AddressFamily family, int port)
    {
        var targets = new List<IPEndPoint>();
        ushort wanted = family == AddressFamily.InterNetwork ? AfInet : AfInet6;
        IfAddrs* list;
        try
        {
            if (getifaddrs(&list) != 0)
            {
                return targets;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return targets;
        }

        try
        {
            int seen = 0;
            for (IfAddrs* entry = list; entry != null && seen < MaxInterfaceAddresses; entry = entry->Next, seen++)
            {
                if (entry->Address == null || entry->Address->Family != wanted || (entry->Flags & IffUp) == 0)
                {
                    continue;
                }

                if (wanted == AfInet && (entry->Flags & IffBroadcast) != 0 && entry->BroadcastAddress != null)
                {
                    // The C code copies the broadcast sockaddr whatever its family and only sets the port.
                    byte* b = (byte*)entry->BroadcastAddress;
                    var address = new IPAddress(new ReadOnlySpan<byte>(b + 4, 4));
                    targets.Add(new IPEndPoint(address, port));
                }
                else if (wanted == AfInet6 && (entry->Flags & IffMulticast) != 0)
                {
                    uint index = if_nametoindex(entry->Name);
                    targets.Add(new IPEndPoint(new IPAddress(RpcbindMulticast, index), port));
                }
            }
        }
        finally
        {
            freeifaddrs(list);
        }

        return targets;
    }

    /// <summary>
    /// <c>getnameinfo</c> with no flags, as rpcinfo's broadcast reply handler calls it: the host's name, its
    /// numeric form when it has no name, or null when the lookup failed (no name server, for example).
    /// </summary>
    public static string? HostName(IPEndPoint endPoint)
    {
        Span<byte> sockaddr = stackalloc byte[SockaddrIn6Length];
        sockaddr.Clear();
        int length;
        if (endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(sockaddr, AfInet);
            BinaryPrimitives.WriteUInt16BigEndian(sockaddr.Slice(2), (ushort)endPoint.Port);
            endPoint.Address.TryWriteBytes(sockaddr.Slice(4, 4), out _);
            length = SockaddrInLength;
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(sockaddr, AfInet6);
            BinaryPrimitives.WriteUInt16BigEndian(sockaddr.Slice(2), (ushort)endPoint.Port);
            endPoint.Address.TryWriteBytes(sockaddr.Slice(8, 16), out _);
            BinaryPrimitives.WriteUInt32LittleEndian(sockaddr.Slice(24), (uint)endPoint.Address.ScopeId);
            length = SockaddrIn6Length;
        }

        byte* host = stackalloc byte[NiMaxHost];
        try
        {
            fixed (byte* sa = sockaddr)
            {
                if (getnameinfo(sa, (uint)length, host, NiMaxHost, null, 0, 0) != 0)
                {
                    return null;
                }
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        int n = 0;
        while (n < NiMaxHost && host[n] != 0)
        {
            n++;
        }

        return Encoding.UTF8.GetString(host, n);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SockAddr
    {
        public ushort Family;
    }

    /// <summary>glibc's <c>struct ifaddrs</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IfAddrs
    {
        public IfAddrs* Next;
        public byte* Name;
        public uint Flags;
        public SockAddr* Address;
        public SockAddr* Netmask;
        public SockAddr* BroadcastAddress;
        public void* Data;
    }

#pragma warning disable SA1300, IDE1006 // C names
    [DllImport("libc")]
    private static extern int getifaddrs(IfAddrs** list);

    [DllImport("libc")]
    private static extern void freeifaddrs(IfAddrs* list);

    [DllImport("libc")]
    private static extern uint if_nametoindex(byte* name);

    [DllImport("libc")]
    private static extern int getnameinfo(byte* sa, uint salen, byte* host, uint hostlen, byte* serv, uint servlen, int flags);
#pragma warning restore SA1300, IDE1006
}
