namespace OncRpc.Diagnostics;

/// <summary>The attribute names and fixed values of the library's spans and metrics (OpenTelemetry semantic conventions for RPC).</summary>
internal static class RpcAttributeNames
{
    public const string RpcSystemName = "rpc.system.name";
    public const string RpcMethod = "rpc.method";
    public const string RpcStatusCode = "rpc.status_code";
    public const string ErrorType = "error.type";
    public const string ProgramName = "onc_rpc.program.name";
    public const string Version = "onc_rpc.version";
    public const string ProcedureNumber = "onc_rpc.procedure.number";
    public const string ProcedureName = "onc_rpc.procedure.name";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string PeerAddress = "network.peer.address";
    public const string PeerPort = "network.peer.port";
    public const string NetworkTransport = "network.transport";
    public const string EventReason = "onc_rpc.server.event.reason";

    /// <summary>The value of <c>rpc.system.name</c>, and the span name of a call whose method is not known.</summary>
    public const string SystemName = "onc_rpc";

    /// <summary>The value of <c>rpc.method</c> for a call whose method is not known (the conventions' <c>_OTHER</c>).</summary>
    public const string OtherMethod = "_OTHER";

    /// <summary>The value of <c>error.type</c> when no status code or exception type names the failure (the conventions' <c>_OTHER</c>).</summary>
    public const string OtherError = "_OTHER";

    /// <summary>The event added to a client span each time its UDP call is sent again.</summary>
    public const string RetransmissionEvent = "onc_rpc.retransmission";

    /// <summary>The attribute of <see cref="RetransmissionEvent"/>: how many times the call has now been sent again.</summary>
    public const string RetransmissionCount = "onc_rpc.retransmission.count";

    /// <summary><c>error.type</c> of a call whose timeout elapsed before a reply arrived.</summary>
    public const string TimeoutError = "timeout";

    /// <summary><c>error.type</c> of a call its caller cancelled before a reply arrived.</summary>
    public const string CancelledError = "cancelled";
}
