namespace OncRpc.Client;

/// <summary>The result of a call together with the sizes of the messages exchanged.</summary>
/// <typeparam name="T">The type of the result.</typeparam>
public readonly struct RpcResponse<T>
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="value">The decoded result.</param>
    /// <param name="requestSize">The size of the call message in bytes, without record marking.</param>
    /// <param name="replySize">The size of the reply message in bytes, without record marking.</param>
    public RpcResponse(T value, int requestSize, int replySize)
    {
        Value = value;
        RequestSize = requestSize;
        ReplySize = replySize;
    }

    /// <summary>Gets the decoded result.</summary>
    public T Value { get; }

    /// <summary>Gets the size of the call message in bytes (header and arguments), without record marking.</summary>
    public int RequestSize { get; }

    /// <summary>Gets the size of the reply message in bytes (header and results), without record marking.</summary>
    public int ReplySize { get; }
}
