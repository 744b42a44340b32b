using OncRpc.Messages;

namespace OncRpc.Client;

/// <summary>Settings for one call that override those of the <see cref="RpcClient"/>.</summary>
public sealed class RpcCallOptions
{
    private TimeSpan? _timeout;

    /// <summary>
    /// Gets the time the call may take from start to reply, or <see langword="null"/> for
    /// <see cref="RpcClientOptions.Timeout"/>. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits without limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative and not infinite.</exception>
    public TimeSpan? Timeout
    {
        get => _timeout;
        init => _timeout = value is { } v ? RpcClientOptions.CheckTimeout(v, nameof(Timeout)) : null;
    }

    /// <summary>Gets the credentials for this call, or <see langword="null"/> for <see cref="RpcClientOptions.Auth"/>.</summary>
    public RpcAuth? Auth { get; init; }
}
