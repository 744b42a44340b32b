namespace OncRpc.Messages;

/// <summary>Whether a server accepted or denied a call (<c>reply_stat</c> in RFC 5531).</summary>
public enum ReplyStatus
{
    /// <summary>The server accepted the call; <see cref="RpcReplyHeader.AcceptStatus"/> says how it went (<c>MSG_ACCEPTED</c>).</summary>
    Accepted = 0,

    /// <summary>The server denied the call; <see cref="RpcReplyHeader.RejectStatus"/> says why (<c>MSG_DENIED</c>).</summary>
    Denied = 1,
}
