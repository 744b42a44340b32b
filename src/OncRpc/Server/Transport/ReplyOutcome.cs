namespace OncRpc.Server.Transport;

/// <summary>What became of a reply handed to <see cref="ReplyChannel.SendReply{T}"/>.</summary>
internal enum ReplyOutcome
{
    /// <summary>Sent or queued as given (a datagram the network then loses still counts as sent).</summary>
    Sent,

    /// <summary>Not encodable, or too large for a datagram: the call was answered with SYSTEM_ERR instead.</summary>
    ReplacedWithSystemError,

    /// <summary>Writing it failed and the connection was closed: the call is not answered.</summary>
    NotSent,
}
