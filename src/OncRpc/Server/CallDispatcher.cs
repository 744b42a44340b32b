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
            SendError(channel, remote, RpcReplyHeader.RpcMismatch(xid, RpcMessage.ProtocolVersion, RpcMessage.ProtocolVersion), RpcServerEventKind.RpcVersionMismatch, null, StartUnparsed(transport, remote));
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
            SendError(channel, remote, RpcReplyHeader.GarbageArguments(xid), RpcServerEventKind.GarbageArguments, ex, StartUnparsed(transport, remote));
            return;
        }

        if (TlsCallGate.TryAnswer(in header, channel, remote, this))
        {
            return;
        }

        // One check per call while nobody listens; the scope exists only while somebody does.
        ServerCallScope? telemetry = _events.Telemetry.IsEnabled ? StartCall(in header, transport, remote) : null;
        try
        {
            Dispatch(in header, ref reader, channel, remote, telemetry);
        }
        finally
        {
            // The call's span was current while its handler ran here; the next call on this thread starts clean.
            if (telemetry is not null)
            {
                ServerCallScope.LeaveThread();
            }
        }
    }

    /// <summary>Answers a call with an error reply (no results), reports it, and ends the call's telemetry.</summary>
    public void SendError(ReplyChannel channel, EndPoint? remote, RpcReplyHeader header, RpcServerEventKind kind, Exception? exception, ServerCallScope? telemetry)
    {
        SendError(channel, remote, header, kind, exception);
        telemetry?.Replied(in header, exception);
    }

    /// <summary>
    /// Ends a call whose success reply was handed to its transport: counted as completed only if it went out as
    /// given, and its telemetry says what the peer got (<see cref="ServerCallScope.Ended"/>).
    /// </summary>
    public void Completed(ReplyOutcome outcome, RpcReplyHeader success, ServerCallScope? telemetry)
    {
        if (outcome == ReplyOutcome.Sent)
        {
            _events.Count(RpcServerEventKind.CallCompleted);
        }

        telemetry?.Ended(outcome, success);
    }

    public HandlerDeadline? StartDeadline(ReplyChannel channel, EndPoint? remote, uint xid, ServerCallScope? telemetry) =>
        _options.HandlerTimeout == Timeout.InfiniteTimeSpan
            ? null
            : new HandlerDeadline(this, _abortToken, _options.TimeProvider, _options.HandlerTimeout, channel, remote, xid, telemetry);

    /// <summary>Authenticates a call whose header was read, finds its handler and runs it.</summary>
    private void Dispatch(in RpcCallHeader header, ref XdrReader reader, ReplyChannel channel, EndPoint? remote, ServerCallScope? telemetry)
    {
        uint xid = header.Xid;
        RpcCallContext? context = null;
        if (_options.Authenticate is not null)
        {
            context = new RpcCallContext(in header, channel.Endpoint, remote);
            AuthStatus status = Authenticate(context);
            if (status != AuthStatus.Ok)
            {
                SendError(channel, remote, RpcReplyHeader.AuthError(xid, status), RpcServerEventKind.AuthenticationFailed, null, telemetry);
                return;
            }
        }

        ProcedureHandler? handler = Find(in header, channel, remote, ref reader, telemetry);
        handler?.Invoke(ref reader, context ?? new RpcCallContext(in header, channel.Endpoint, remote), channel, remote, telemetry);
    }

    /// <summary>Starts the telemetry of a call whose header was read, named as its procedure was registered.</summary>
    private ServerCallScope StartCall(in RpcCallHeader header, RpcTransportKind transport, EndPoint? remote)
    {
        RpcProcedure? names = null;
        string? programName = null;
        if (_table.Programs.TryGetValue(header.Program, out ProgramEntry? program))
        {
            programName = program.Name;
            if (program.Versions.TryGetValue(header.Version, out Dictionary<uint, ProcedureHandler>? procedures))
            {
                if (procedures.TryGetValue(header.Procedure, out ProcedureHandler? handler))
                {
                    names = handler.Names;
                }
                else if (header.Procedure == 0)
                {
                    program.NullProcedures?.TryGetValue(header.Version, out names);
                }
            }
        }

        return _events.Telemetry.Start(transport, remote, header.Version, header.Procedure, names, programName);
    }

    private ServerCallScope? StartUnparsed(RpcTransportKind transport, EndPoint? remote) =>
        _events.Telemetry.IsEnabled ? _events.Telemetry.StartUnparsed(transport, remote) : null;

    /// <summary>Answers a call with an error reply (no results) and reports it.</summary>
    public void SendError(ReplyChannel channel, EndPoint? remote, RpcReplyHeader header, RpcServerEventKind kind, Exception? exception)
    {
        _events.Raise(kind, channel.Endpoint.Transport, remote, header.Xid, exception);
        EmptyReply.Send(channel, remote, header);
    }

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
    private ProcedureHandler? Find(in RpcCallHeader header, ReplyChannel channel, EndPoint? remote, ref XdrReader reader, ServerCallScope? telemetry)
    {
        uint xid = header.Xid;
        if (!_table.Programs.TryGetValue(header.Program, out ProgramEntry? program))
        {
            SendError(channel, remote, RpcReplyHeader.ProgramUnavailable(xid), RpcServerEventKind.ProgramUnavailable, null, telemetry);
            return null;
        }

        if (!program.Versions.TryGetValue(header.Version, out Dictionary<uint, ProcedureHandler>? procedures))
        {
            SendError(channel, remote, RpcReplyHeader.ProgramMismatch(xid, program.Low, program.High), RpcServerEventKind.ProgramMismatch, null, telemetry);
            return null;
        }

        if (procedures.TryGetValue(header.Procedure, out ProcedureHandler? handler))
        {
            return handler;
        }

        if (header.Procedure != 0)
        {
            SendError(channel, remote, RpcReplyHeader.ProcedureUnavailable(xid), RpcServerEventKind.ProcedureUnavailable, null, telemetry);
        }
        else if (!reader.IsAtEnd)
        {
            SendError(channel, remote, RpcReplyHeader.GarbageArguments(xid), RpcServerEventKind.GarbageArguments, null, telemetry);
        }
        else
        {
            RpcReplyHeader success = RpcReplyHeader.Success(xid, OpaqueAuth.None);
            Completed(EmptyReply.Send(channel, remote, success), success, telemetry);
        }

        return null;
    }
}
