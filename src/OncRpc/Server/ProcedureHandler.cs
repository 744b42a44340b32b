using System.Net;
using OncRpc.Messages;
using OncRpc.Server.Transport;
using OncRpc.Xdr;

namespace OncRpc.Server;

/// <summary>One registered procedure: decodes its arguments, runs the user's handler and sends the reply.</summary>
internal abstract class ProcedureHandler(RpcProcedure? names)
{
    /// <summary>Gets the names the procedure was registered with, if any.</summary>
    public RpcProcedure? Names { get; } = names;

    /// <summary>Runs the call whose arguments start at the reader's position. Never throws.</summary>
    public abstract void Invoke(ref XdrReader reader, RpcCallContext context, ReplyChannel channel, EndPoint? remote, ServerCallScope? telemetry);
}

internal sealed class ProcedureHandler<TArgs, TResult> : ProcedureHandler
{
    private readonly CallDispatcher _dispatcher;
    private readonly IXdrCodec<TArgs> _arguments;
    private readonly ReplyMessageCodec<TResult> _reply;
    private readonly Func<TArgs, RpcCallContext, CancellationToken, ValueTask<TResult>>? _async;
    private readonly Func<TArgs, RpcCallContext, TResult>? _sync;

    public ProcedureHandler(
        CallDispatcher dispatcher,
        IXdrCodec<TArgs> arguments,
        IXdrCodec<TResult> results,
        Func<TArgs, RpcCallContext, CancellationToken, ValueTask<TResult>>? asyncHandler,
        Func<TArgs, RpcCallContext, TResult>? syncHandler,
        RpcProcedure? names)
        : base(names)
    {
        _dispatcher = dispatcher;
        _arguments = arguments;
        _reply = new ReplyMessageCodec<TResult>(results);
        _async = asyncHandler;
        _sync = syncHandler;
    }

    public override void Invoke(ref XdrReader reader, RpcCallContext context, ReplyChannel channel, EndPoint? remote, ServerCallScope? telemetry)
    {
        TArgs args;
        try
        {
            args = _arguments.Read(ref reader);
            reader.ReadEnd();
        }
#pragma warning disable CA1031 // Whatever a user's codec throws on bad input, the answer is GARBAGE_ARGS.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _dispatcher.SendError(channel, remote, RpcReplyHeader.GarbageArguments(context.Xid), RpcServerEventKind.GarbageArguments, ex, telemetry);
            return;
        }

        if (_sync is not null)
        {
            TResult value;
            try
            {
                value = _sync(args, context);
            }
#pragma warning disable CA1031 // A failing handler becomes SYSTEM_ERR; the server goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Fail(channel, remote, context.Xid, ex, telemetry);
                return;
            }

            SendResult(channel, remote, context.Xid, value, telemetry);
            return;
        }

        // Counted before the handler starts, so the call holds its slot (and keeps the connection from looking idle) from the first moment.
        channel.BeginAsyncCall();

        // The clock starts before the handler does, so a handler that signals it has started always runs under its deadline.
        HandlerDeadline? deadline = _dispatcher.StartDeadline(channel, remote, context.Xid, telemetry);
        ValueTask<TResult> pending;
        try
        {
            pending = _async!(args, context, deadline?.Token ?? _dispatcher.AbortToken);
        }
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Finish(deadline, channel, remote, context.Xid, ex, default!, telemetry);
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Finish(deadline, channel, remote, context.Xid, null, pending.Result, telemetry);
            return;
        }

        _ = CompleteAsync(pending, deadline, channel, remote, context.Xid, telemetry);
    }

    private async Task CompleteAsync(ValueTask<TResult> pending, HandlerDeadline? deadline, ReplyChannel channel, EndPoint? remote, uint xid, ServerCallScope? telemetry)
    {
        TResult value = default!;
        Exception? error = null;
        try
        {
            value = await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = ex;
        }

        Finish(deadline, channel, remote, xid, error, value, telemetry);
    }

    /// <summary>
    /// Answers an asynchronous call with its handler's <paramref name="error"/> or else its <paramref name="value"/>,
    /// unless the deadline answered first, and ends the call.
    /// </summary>
    private void Finish(HandlerDeadline? deadline, ReplyChannel channel, EndPoint? remote, uint xid, Exception? error, TResult value, ServerCallScope? telemetry)
    {
        try
        {
            if (deadline is null || deadline.TryClaimReply())
            {
                if (error is not null)
                {
                    Fail(channel, remote, xid, error, telemetry);
                }
                else
                {
                    SendResult(channel, remote, xid, value, telemetry);
                }
            }
        }
        finally
        {
            deadline?.Dispose();
            channel.EndAsyncCall();
        }
    }

    private void Fail(ReplyChannel channel, EndPoint? remote, uint xid, Exception exception, ServerCallScope? telemetry)
    {
        if (exception is RpcCallRejectedException rejected)
        {
            if (rejected.HasReply)
            {
                RpcReplyHeader header = rejected.ReplyHeader(xid);
                EmptyReply.Send(channel, remote, header);
                telemetry?.Replied(in header, exception);
            }
            else
            {
                telemetry?.NotAnswered(exception);
            }

            return;
        }

        _dispatcher.SendError(channel, remote, RpcReplyHeader.SystemError(xid), RpcServerEventKind.HandlerFailed, exception, telemetry);
    }

    private void SendResult(ReplyChannel channel, EndPoint? remote, uint xid, TResult value, ServerCallScope? telemetry)
    {
        var message = new ReplyMessage<TResult>(RpcReplyHeader.Success(xid, OpaqueAuth.None), value);
        _dispatcher.Completed(channel.SendReply(remote, xid, _reply, in message), message.Header, telemetry);
    }
}
