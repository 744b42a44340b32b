using System.Net;
using System.Net.Sockets;

namespace PortProbe.Tests.Support;

/// <summary>Loopback ports for tests: a listening one and one nothing listens on.</summary>
internal static class LoopbackPorts
{
    public static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    /// <summary>
    /// A TCP port with no listener: bound but never listening, so the kernel answers connects with RST and no other
    /// process can take it while the socket lives.
    /// </summary>
    public static Socket Closed(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }
}
