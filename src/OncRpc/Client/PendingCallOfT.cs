using System.Threading.Tasks.Sources;
using OncRpc.Diagnostics;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Client;

/// <summary>
/// A pooled pending call whose result decodes to <typeparamref name="TResult"/>; awaited as a
/// <see cref="ValueTask{TResult}"/> of the response, or of the result alone.
/// </summary>
internal sealed class PendingCall<TResult> : PendingCall, IValueTaskSource<RpcResponse<TResult>>, IValueTaskSource<TResult>
{
    private const int PoolSize = 64;
    private static readonly PendingCall<TResult>?[] Pool = new PendingCall<TResult>?[PoolSize];
    private static int _poolCount;
    private static SpinLock _poolLock = new(enableThreadOwnerTracking: false);

    private ManualResetValueTaskSourceCore<RpcResponse<TResult>> _core;
    private IXdrCodec<TResult>? _codec;

    public ValueTask<RpcResponse<TResult>> Task => new(this, _core.Version);

    /// <summary>Gets the call as the result alone, so a caller that needs no sizes can turn it into a task without a wrapper.</summary>
    public ValueTask<TResult> ValueTask => new(this, _core.Version);

    public static PendingCall<TResult> Rent(IXdrCodec<TResult> codec, bool runContinuationsAsynchronously)
    {
        PendingCall<TResult>? call = null;
        bool taken = false;
        try
        {
            _poolLock.Enter(ref taken);
            if (_poolCount > 0)
            {
                call = Pool[--_poolCount];
                Pool[_poolCount] = null;
            }
        }
        finally
        {
            if (taken)
            {
                _poolLock.Exit(useMemoryBarrier: false);
            }
        }

        call ??= new PendingCall<TResult>();
        call._codec = codec;
        call._core.RunContinuationsAsynchronously = runContinuationsAsynchronously;
        return call;
    }

    public RpcResponse<TResult> GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Recycle();
        }
    }

    TResult IValueTaskSource<TResult>.GetResult(short token) => GetResult(token).Value;

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    internal override bool IsCompleted => _core.GetStatus(_core.Version) != ValueTaskSourceStatus.Pending;

    internal override void Complete(ReadOnlySpan<byte> message, XdrReaderOptions? readerOptions)
    {
        RpcResponse<TResult> response = default;
        Exception? error = null;
        string? status = null;
        try
        {
            var reader = new XdrReader(message, readerOptions);
            RpcReplyHeader header = RpcMessage.ReadReply(ref reader);
            if (header.Status == ReplyStatus.Accepted && header.AcceptStatus == AcceptStatus.Success)
            {
                Auth.OnReplyVerifier(header.Verifier);
                response = new RpcResponse<TResult>(_codec!.Read(ref reader), RequestSize, message.Length);
            }
            else
            {
                if (header.Status == ReplyStatus.Denied && header.RejectStatus == RejectStatus.AuthError)
                {
                    Auth.OnAuthError(header.AuthStatus);
                }

                error = RpcErrors.FromReply(in header);
                status = Telemetry is null ? null : RpcStatusCodes.Of(in header);
            }
        }
        catch (Exception ex)
        {
            // A malformed reply, or a result codec that failed on it, fails this call only: the framing is intact.
            error = RpcErrors.CantDecodeResult(ex);
        }

        // Ended before the caller can see the outcome, so the span is complete when the caller's code runs.
        if (Telemetry is { } telemetry)
        {
            Telemetry = null;
            if (error is null)
            {
                telemetry.Succeeded();
            }
            else if (status is not null)
            {
                telemetry.Rejected(status, error.Message);
            }
            else
            {
                telemetry.Failed(error);
            }
        }

        // Completed outside the try: the continuation may run inline and must not be mistaken for a decoding failure.
        if (error is null)
        {
            _core.SetResult(response);
        }
        else
        {
            _core.SetException(error);
        }
    }

    internal override void Fail(Exception error)
    {
        if (Telemetry is { } telemetry)
        {
            Telemetry = null;
            telemetry.Failed(error);
        }

        _core.SetException(error);
    }

    private void Recycle()
    {
        ReleaseResources();
        _codec = null;
        _core.Reset();

        bool taken = false;
        try
        {
            _poolLock.Enter(ref taken);
            if (_poolCount < PoolSize)
            {
                Pool[_poolCount++] = this;
                return;
            }
        }
        finally
        {
            if (taken)
            {
                _poolLock.Exit(useMemoryBarrier: false);
            }
        }

        DisposeTimer();
    }
}
