using System.Net;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Server;

/// <summary>One registered procedure: decodes its arguments, runs the user's handler and sends the reply.</summary>
internal abstract class ProcedureHandler
{
    /// <summary>Runs the call whose arguments start at the reader's position. Never throws.</summary>
    public abstract void Invoke(ref XdrReader reader, RpcCallContext context, ReplySink sink, EndPoint? remote);
}

internal sealed class ProcedureHandler<TArgs, TResult> : ProcedureHandler
{
    private readonly RpcServer _server;
    private readonly IXdrCodec<TArgs> _arguments;
    private readonly ReplyMessageCodec<TResult> _reply;
    private readonly Func<TArgs, RpcCallContext, CancellationToken, ValueTask<TResult>>? _async;
    private readonly Func<TArgs, RpcCallContext, TResult>? _sync;

    public ProcedureHandler(
        RpcServer server,
        IXdrCodec<TArgs> arguments,
        IXdrCodec<TResult> results,
        Func<TArgs, RpcCallContext, CancellationToken, ValueTask<TResult>>? asyncHandler,
        Func<TArgs, RpcCallContext, TResult>? syncHandler)
    {
        _server = server;
        _arguments = arguments;
        _reply = new ReplyMessageCodec<TResult>(results);
        _async = asyncHandler;
        _sync = syncHandler;
    }

    public override void Invoke(ref XdrReader reader, RpcCallContext context, ReplySink sink, EndPoint? remote)
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
            _server.SendError(sink, remote, RpcReplyHeader.GarbageArguments(context.Xid), RpcServerEventKind.GarbageArguments, ex);
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
                Fail(sink, remote, context.Xid, ex);
                return;
            }

            SendResult(sink, remote, context.Xid, value);
            return;
        }

        // Counted before the handler starts, so the call holds its slot (and keeps the connection from looking idle) from the first moment.
        sink.BeginAsyncCall();
        HandlerDeadline? deadline = _server.CreateDeadline();

        // The clock starts before the handler does, so a handler that signals it has started always runs under its deadline.
        deadline?.Start(_server, sink, remote, context.Xid);
        ValueTask<TResult> pending;
        try
        {
            pending = _async!(args, context, deadline?.Token ?? _server.AbortToken);
        }
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (deadline is null || deadline.TryClaimReply())
            {
                Fail(sink, remote, context.Xid, ex);
            }

            deadline?.Dispose();
            sink.EndAsyncCall();
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            if (deadline is null || deadline.TryClaimReply())
            {
                SendResult(sink, remote, context.Xid, pending.Result);
            }

            deadline?.Dispose();
            sink.EndAsyncCall();
            return;
        }

        _ = CompleteAsync(pending, deadline, sink, remote, context.Xid);
    }

    private async Task CompleteAsync(ValueTask<TResult> pending, HandlerDeadline? deadline, ReplySink sink, EndPoint? remote, uint xid)
    {
        try
        {
            TResult value;
            try
            {
                value = await pending.ConfigureAwait(false);
            }
#pragma warning disable CA1031
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (deadline is null || deadline.TryClaimReply())
                {
                    Fail(sink, remote, xid, ex);
                }

                return;
            }

            if (deadline is null || deadline.TryClaimReply())
            {
                SendResult(sink, remote, xid, value);
            }
        }
        finally
        {
            deadline?.Dispose();
            sink.EndAsyncCall();
        }
    }

    private void Fail(ReplySink sink, EndPoint? remote, uint xid, Exception exception)
    {
        if (exception is RpcCallRejectedException rejected)
        {
            if (rejected.HasReply)
            {
                ReplyMessage<OncRpc.Xdr.XdrVoid> message = EmptyReply.Of(rejected.ReplyHeader(xid));
                sink.SendReply(remote, xid, EmptyReply.Codec, in message);
            }

            return;
        }

        _server.SendError(sink, remote, RpcReplyHeader.SystemError(xid), RpcServerEventKind.HandlerFailed, exception);
    }

    private void SendResult(ReplySink sink, EndPoint? remote, uint xid, TResult value)
    {
        var message = new ReplyMessage<TResult>(RpcReplyHeader.Success(xid, OpaqueAuth.None), value);
        sink.SendReply(remote, xid, _reply, in message);
        _server.Count(RpcServerEventKind.CallCompleted);
    }
}
