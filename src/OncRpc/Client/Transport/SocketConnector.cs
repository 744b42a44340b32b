using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.ExceptionServices;
using OncRpc.Client;

namespace OncRpc.Client.Transport;

/// <summary>Creates, binds and connects the socket of a client, within the connect timeout.</summary>
internal static class SocketConnector
{
    private const int FirstReservedPort = 512;
    private const int LastReservedPort = 1023;

    private static readonly Random Random = new();

    public static async Task<Socket> ConnectAsync(EndPoint remote, RpcTransportKind kind, RpcClientOptions options, CancellationToken cancellationToken)
    {
        bool isUnix = remote.AddressFamily == AddressFamily.Unix;
        if (kind == RpcTransportKind.Local ? !isUnix : remote is not IPEndPoint)
        {
            throw new ArgumentException(
                kind == RpcTransportKind.Local
                    ? "A local transport needs a Unix domain socket endpoint."
                    : "A TCP or UDP transport needs an IPEndPoint.",
                nameof(remote));
        }

        var socket = new Socket(
            remote.AddressFamily,
            kind == RpcTransportKind.Udp ? SocketType.Dgram : SocketType.Stream,
            isUnix ? ProtocolType.Unspecified : kind == RpcTransportKind.Udp ? ProtocolType.Udp : ProtocolType.Tcp);
        try
        {
            if (kind == RpcTransportKind.Tcp)
            {
                socket.NoDelay = true;
            }

            if (kind != RpcTransportKind.Udp && options.IoMode == RpcClientIoMode.CallingThread)
            {
                // No timer watches a blocked write in this mode: the socket gives up on it after the client's timeout.
                socket.SendTimeout = CallingThreadWait.SocketTimeout(options.Timeout);
            }

            if (!isUnix)
            {
                Bind(socket, (IPEndPoint)remote, options);
            }
            else if (options.LocalEndPoint is { } local)
            {
                socket.Bind(local);
            }

            if (kind == RpcTransportKind.Udp)
            {
                // Connecting a datagram socket only fixes its peer: the kernel then drops datagrams from any other source.
                socket.Connect(remote);
            }
            else if (options.IoMode == RpcClientIoMode.CallingThread)
            {
                ConnectStreamOnCallingThread(socket, remote, options, cancellationToken);
            }
            else
            {
                Task connect = options.IoMode == RpcClientIoMode.Asynchronous
                    ? ConnectStreamAsynchronouslyAsync(socket, remote, options, cancellationToken)
                    : ConnectStreamAsync(socket, remote, options, cancellationToken);
                await connect.ConfigureAwait(false);
            }

            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw RpcErrors.ConnectFailed(ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task ConnectStreamAsync(Socket socket, EndPoint remote, RpcClientOptions options, CancellationToken cancellationToken)
    {
        // A blocking connect on a thread of its own, not ConnectAsync: .NET switches a socket to non-blocking mode
        // for good at its first asynchronous operation, and the receive thread needs blocking reads (see
        // StreamClientTransport). Closing the socket aborts a connect still in progress.
        var connected = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var abandoned = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        ReceiveThread.StartThread(
            "OncRpc connect",
            static state =>
            {
                var (s, r, done) = ((Socket, EndPoint, TaskCompletionSource<Exception?>))state!;
                try
                {
                    s.Connect(r);
                    done.TrySetResult(null);
                }
                catch (SocketException ex)
                {
                    done.TrySetResult(WithoutEndPoint(ex));
                }
                catch (Exception ex)
                {
                    done.TrySetResult(ex);
                }
            },
            (socket, remote, connected));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using ITimer? timer = options.ConnectTimeout == Timeout.InfiniteTimeSpan
            ? null
            : options.TimeProvider.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), timeout, options.ConnectTimeout, Timeout.InfiniteTimeSpan);
        using (timeout.Token.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), abandoned))
        {
            if (await Task.WhenAny(connected.Task, abandoned.Task).ConfigureAwait(false) == abandoned.Task)
            {
                // Shutting down a connecting socket aborts the blocked connect; the caller's cleanup then closes it.
                Abort(socket);

                cancellationToken.ThrowIfCancellationRequested();
                throw RpcErrors.TimedOut();
            }
        }

        if (await connected.Task.ConfigureAwait(false) is { } error)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    /// <summary>
    /// The calling-thread mode: a connect on this thread. On Linux a blocking connect gives up after the socket's
    /// send timeout, so it is bounded by the connect timeout without switching the socket to non-blocking mode, which
    /// in .NET starts its socket event thread; cancellation shuts the socket down, which aborts the connect. Elsewhere
    /// a non-blocking connect is polled for in slices short enough to notice cancellation. Either way the
    /// socket is in blocking mode afterwards, as this mode only makes blocking calls (once a poll says they will not wait).
    /// </summary>
    private static void ConnectStreamOnCallingThread(Socket socket, EndPoint remote, RpcClientOptions options, CancellationToken cancellationToken)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            ConnectBlocking(socket, remote, options.ConnectTimeout, cancellationToken);
        }
        else
        {
            ConnectPolling(socket, remote, options, cancellationToken);
        }
    }

    private static void ConnectBlocking(Socket socket, EndPoint remote, TimeSpan timeout, CancellationToken cancellationToken)
    {
        int sendTimeout = socket.SendTimeout;
        socket.SendTimeout = CallingThreadWait.SocketTimeout(timeout);
        try
        {
            using (cancellationToken.Register(static s => Abort((Socket)s!), socket))
            {
                cancellationToken.ThrowIfCancellationRequested();
                socket.Connect(remote);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The send timeout ended the wait: the kernel reports the connect as still in progress.
            if (ex is SocketException { SocketErrorCode: SocketError.InProgress or SocketError.WouldBlock or SocketError.TimedOut })
            {
                throw RpcErrors.TimedOut();
            }

            throw ex is SocketException socketError ? WithoutEndPoint(socketError) : ex;
        }

        socket.SendTimeout = sendTimeout;
    }

    internal static void ConnectPolling(Socket socket, EndPoint remote, RpcClientOptions options, CancellationToken cancellationToken)
    {
        TimeProvider time = options.TimeProvider;
        long start = time.GetTimestamp();
        socket.Blocking = false;
        try
        {
            try
            {
                socket.Connect(remote);
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
            }
            catch (SocketException ex)
            {
                throw WithoutEndPoint(ex);
            }

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan remaining = options.ConnectTimeout == Timeout.InfiniteTimeSpan
                    ? Timeout.InfiniteTimeSpan
                    : options.ConnectTimeout - time.GetElapsedTime(start);
                if (remaining != Timeout.InfiniteTimeSpan && remaining <= TimeSpan.Zero)
                {
                    throw RpcErrors.TimedOut();
                }

                if (socket.Poll(CallingThreadWait.Microseconds(remaining, cancellationToken, time), SelectMode.SelectWrite))
                {
                    break;
                }
            }

            // Writable means finished: connected, or failed with the error the socket now holds.
            var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }
        }
        finally
        {
            socket.Blocking = true;
        }
    }

    /// <summary>The synchronous connect appends the endpoint to the message; this keeps the plain strerror text.</summary>
    private static SocketException WithoutEndPoint(SocketException ex) => new((int)ex.SocketErrorCode);

    /// <summary>
    /// Shuts a client socket down, which aborts a connect in progress and wakes a thread blocked reading or writing;
    /// errors mean it is already reset or closed.
    /// </summary>
    internal static void Abort(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    // The asynchronous mode: the socket goes to non-blocking mode here, and its receive loop is asynchronous too.
    private static async Task ConnectStreamAsynchronouslyAsync(Socket socket, EndPoint remote, RpcClientOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using ITimer? timer = options.ConnectTimeout == Timeout.InfiniteTimeSpan
            ? null
            : options.TimeProvider.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), timeout, options.ConnectTimeout, Timeout.InfiniteTimeSpan);
        try
        {
#if NET
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
#else
            using (timeout.Token.Register(static s => ((Socket)s!).Dispose(), socket))
            {
                try
                {
                    await socket.ConnectAsync(remote).ConfigureAwait(false);
                }
                catch (Exception ex) when (timeout.IsCancellationRequested && ex is SocketException or ObjectDisposedException)
                {
                    throw new OperationCanceledException(timeout.Token);
                }
            }
#endif
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw RpcErrors.TimedOut();
        }
    }

    private static void Bind(Socket socket, IPEndPoint remote, RpcClientOptions options)
    {
        IPEndPoint? local = options.LocalEndPoint as IPEndPoint;
        if (options.LocalEndPoint is not null && local is null)
        {
            throw new ArgumentException("The local endpoint of a TCP or UDP client must be an IPEndPoint.", nameof(options));
        }

        if (!options.UsePrivilegedPort)
        {
            if (local is not null)
            {
                socket.Bind(local);
            }

            return;
        }

        IPAddress address = local?.Address
            ?? (remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);
        int range = LastReservedPort - FirstReservedPort + 1;

        // Start at a random port, as bindresvport does, so that clients created together do not all collide.
        int start;
        lock (Random)
        {
            start = Random.Next(range);
        }

        for (int i = 0; i < range; i++)
        {
            int port = FirstReservedPort + ((start + i) % range);
            try
            {
                socket.Bind(new IPEndPoint(address, port));
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
            }
        }

        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }
}
