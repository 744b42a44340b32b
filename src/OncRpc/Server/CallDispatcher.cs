using System.Buffers.Binary;
using System.Net;
using OncRpc.Messages;
using OncRpc.Server.Transport;
using OncRpc.Xdr;

namespace OncRpc.Server;

/// <summary>
/// Decodes call messages and answers them: the RFC 5531 rejections, authentication, the procedure lookup, and the
/// handlers registered in its <see cref="ProcedureTable"/>.
/// </summary>
internal sealed class CallDispatcher
{
    private readonly RpcServerOptions _options;
    private readonly XdrReaderOptions? _readerOptions;
    private readonly ServerEvents _events;
    private readonly CancellationToken _abortToken;
    private readonly object _tableGate = new();
    private volatile ProcedureTable _table = ProcedureTable.Empty;

    public CallDispatcher(RpcServerOptions options, ServerEvents events, CancellationToken abortToken)
    {
        _options = options;
        _readerOptions = options.ReaderOptions;
        _events = events;
        _abortToken = abortToken;
    }

    /// <summary>Gets the token handlers see when no deadline applies: cancelled when the server stops without waiting.</summary>
    public CancellationToken AbortToken => _abortToken;

    public ServerEvents Events => _events;

    public IReadOnlyList<RpcProgramVersion> Programs =>
        _table.Programs
            .SelectMany(p => p.Value.Versions.Keys.Select(v => new RpcProgramVersion(p.Key, v)))
            .OrderBy(p => p.Program).ThenBy(p => p.Version)
            .ToArray();

    /// <exception cref="InvalidOperationException">The procedure is already registered.</exception>
    public void Add(uint program, uint version, uint procedure, ProcedureHandler handler)
    {
        lock (_tableGate)
        {
            _table = _table.With(program, version, procedure, handler);
        }
    }

    /// <summary>Decodes one call message and answers it. Never throws.</summary>
    public void Dispatch(ReadOnlySpan<byte> message, ReplyChannel channel, EndPoint? remote)
    {
        RpcTransportKind transport = channel.Endpoint.Transport;
        if (!RpcMessage.TryPeekHeader(message, out uint xid, out MessageType type) || type != MessageType.Call)
        {
            // Under 8 bytes there is no xid to report; 8 or more are a message of another (or an unknown) type.
            bool malformed = message.Length < 8;
            Events.Raise(
                malformed ? RpcServerEventKind.MalformedMessage : RpcServerEventKind.NotACall,
                transport,
                remote,
                malformed ? 0 : BinaryPrimitives.ReadUInt32BigEndian(message),
                null);
            return;
        }

        // Checked before the rest is decoded, so a call of another RPC version is answered RPC_MISMATCH however its header goes on.
        if (message.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(message.Slice(8)) != RpcMessage.ProtocolVersion)
        {
            SendError(channel, remote, RpcReplyHeader.RpcMismatch(xid, RpcMessage.ProtocolVersion, RpcMessage.ProtocolVersion), RpcServerEventKind.RpcVersionMismatch, null);
            return;
        }

        var reader = new XdrReader(message, _readerOptions);
        RpcCallHeader header;
        try
        {
            header = RpcMessage.ReadCall(ref reader);
        }
        catch (Exception ex) when (ex is XdrException or RpcProtocolException or ArgumentException)
        {
            SendError(channel, remote, RpcReplyHeader.GarbageArguments(xid), RpcServerEventKind.GarbageArguments, ex);
            return;
        }

        RpcCallContext? context = null;
        if (_options.Authenticate is not null)
        {
            context = new RpcCallContext(in header, channel.Endpoint, remote);
            AuthStatus status = Authenticate(context);
            if (status != AuthStatus.Ok)
            {
                SendError(channel, remote, RpcReplyHeader.AuthError(xid, status), RpcServerEventKind.AuthenticationFailed, null);
                return;
            }
        }

        ProcedureHandler? handler = Find(in header, channel, remote, ref reader);
        handler?.Invoke(ref reader, context ?? new RpcCallContext(in header, channel.Endpoint, remote), channel, remote);
    }

    /// <summary>Answers a call with an error reply (no results) and reports it.</summary>
    public void SendError(ReplyChannel channel, EndPoint? remote, RpcReplyHeader header, RpcServerEventKind kind, Exception? exception)
    {
        _events.Raise(kind, channel.Endpoint.Transport, remote, header.Xid, exception);
        EmptyReply.Send(channel, remote, header);
    }

    public HandlerDeadline? StartDeadline(ReplyChannel channel, EndPoint? remote, uint xid) =>
        _options.HandlerTimeout == Timeout.InfiniteTimeSpan
            ? null
            : new HandlerDeadline(this, _abortToken, _options.TimeProvider, _options.HandlerTimeout, channel, remote, xid);

    private AuthStatus Authenticate(RpcCallContext context)
    {
        try
        {
            return _options.Authenticate!(context);
        }
#pragma warning disable CA1031 // A failing hook rejects the call; it must not take the server down.
        catch
#pragma warning restore CA1031
        {
            return AuthStatus.Failed;
        }
    }

    /// <summary>
    /// Finds the handler of a call, or answers the call itself (PROG_UNAVAIL, PROG_MISMATCH, PROC_UNAVAIL, or the
    /// default procedure 0) and returns <see langword="null"/>.
    /// </summary>
    private ProcedureHandler? Find(in RpcCallHeader header, ReplyChannel channel, EndPoint? remote, ref XdrReader reader)
    {
        uint xid = header.Xid;
        if (!_table.Programs.TryGetValue(header.Program, out ProgramEntry? program))
        {
            SendError(channel, remote, RpcReplyHeader.ProgramUnavailable(xid), RpcServerEventKind.ProgramUnavailable, null);
            return null;
        }

        if (!program.Versions.TryGetValue(header.Version, out Dictionary<uint, ProcedureHandler>? procedures))
        {
            SendError(channel, remote, RpcReplyHeader.ProgramMismatch(xid, program.Low, program.High), RpcServerEventKind.ProgramMismatch, null);
            return null;
        }

        if (procedures.TryGetValue(header.Procedure, out ProcedureHandler? handler))
        {
            return handler;
        }

        if (header.Procedure != 0)
        {
            SendError(channel, remote, RpcReplyHeader.ProcedureUnavailable(xid), RpcServerEventKind.ProcedureUnavailable, null);
        }
        else if (!reader.IsAtEnd)
        {
            SendError(channel, remote, RpcReplyHeader.GarbageArguments(xid), RpcServerEventKind.GarbageArguments, null);
        }
        else
        {
            EmptyReply.Send(channel, remote, RpcReplyHeader.Success(xid, OpaqueAuth.None));
            _events.Count(RpcServerEventKind.CallCompleted);
        }

        return null;
    }
}
