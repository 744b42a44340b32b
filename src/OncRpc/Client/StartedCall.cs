namespace OncRpc.Client;

/// <summary>
/// A started call: the pooled pending call on the fast path, otherwise a task for its response. A struct, so the
/// fast path allocates nothing but the task the caller gets.
/// </summary>
internal readonly struct StartedCall<TResult>
{
    private readonly PendingCall<TResult>? _call;
    private readonly ValueTask<RpcResponse<TResult>> _other;

    public StartedCall(PendingCall<TResult> call)
    {
        _call = call;
        _other = default;
    }

    public StartedCall(ValueTask<RpcResponse<TResult>> other)
    {
        _call = null;
        _other = other;
    }

    public ValueTask<RpcResponse<TResult>> Response => _call is not null ? _call.Task : _other;

    public Task<TResult> ValueAsTask() => _call is not null ? _call.ValueTask.AsTask() : ValueOf(_other);

    private static async Task<TResult> ValueOf(ValueTask<RpcResponse<TResult>> response) =>
        (await response.ConfigureAwait(false)).Value;
}
