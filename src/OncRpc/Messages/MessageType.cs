namespace OncRpc.Messages;

/// <summary>The direction of an RPC message (<c>msg_type</c> in RFC 5531).</summary>
public enum MessageType
{
    /// <summary>A call from a client to a server (<c>CALL</c>).</summary>
    Call = 0,

    /// <summary>A reply from a server to a client (<c>REPLY</c>).</summary>
    Reply = 1,
}
