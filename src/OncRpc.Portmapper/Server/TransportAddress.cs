using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OncRpc.Portmapper.Server;

/// <summary>
/// Converts universal addresses to Linux <c>struct sockaddr</c> bytes and back, as rpcbind's UADDR2TADDR and
/// TADDR2UADDR do: the family field in host (little-endian) order, port and address in network order.
/// </summary>
internal static class TransportAddress
{
    private const int SockaddrInLength = 16;
    private const int SockaddrIn6Length = 28;
    private const int SockaddrUnLength = 110;
    private const ushort LinuxInet = 2;
    private const ushort LinuxInet6 = 10;
    private const ushort LinuxUnix = 1;

    public static NetBuffer ToNetBuffer(string universalAddress)
    {
        if (!UniversalAddress.TryParse(universalAddress, out UniversalAddress? address))
        {
            return new NetBuffer(0, ReadOnlyMemory<byte>.Empty);
        }

        byte[] bytes;
        if (address.IsLocal)
        {
            byte[] path = Encoding.UTF8.GetBytes(address.Path!);
            if (path.Length >= SockaddrUnLength - 2)
            {
                return new NetBuffer(0, ReadOnlyMemory<byte>.Empty);
            }

            bytes = new byte[2 + path.Length + 1];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, LinuxUnix);
            path.CopyTo(bytes, 2);
            return new NetBuffer(SockaddrUnLength, bytes);
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes = new byte[SockaddrInLength];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, LinuxInet);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)address.Port);
            address.Address!.GetAddressBytes().CopyTo(bytes, 4);
        }
        else
        {
            bytes = new byte[SockaddrIn6Length];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, LinuxInet6);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)address.Port);
            address.Address!.GetAddressBytes().CopyTo(bytes, 8);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), (uint)Math.Max(0, address.Address.ScopeId));
        }

        return new NetBuffer((uint)bytes.Length, bytes);
    }

    /// <summary>
    /// Reads a sockaddr in the layout of the transport the request came on (like rpcbind, which ignores the
    /// family field); an empty string when the bytes are too short for it.
    /// </summary>
    public static string ToUniversalAddress(NetBuffer buffer, RpcTransportKind transport, EndPoint? local)
    {
        ReadOnlySpan<byte> bytes = buffer.Buffer.Span;
        if (transport == RpcTransportKind.Local)
        {
            if (bytes.Length <= 2)
            {
                return string.Empty;
            }

            ReadOnlySpan<byte> path = bytes.Slice(2);
            int end = path.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end >= 0 ? path.Slice(0, end).ToArray() : path.ToArray());
        }

        bool six = local?.AddressFamily == AddressFamily.InterNetworkV6;
        if (bytes.Length < (six ? 24 : 8))
        {
            return string.Empty;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(2));
        var address = new IPAddress(six ? bytes.Slice(8, 16).ToArray() : bytes.Slice(4, 4).ToArray());
        return UniversalAddress.FromIPAddress(address, port).ToString();
    }
}
