namespace OncRpc.Portmapper;

/// <summary>
/// Indirect call counters of one procedure and transport in rpcbind's statistics
/// (<c>struct rpcbs_rmtcalllist</c>, without its link).
/// </summary>
/// <param name="Program">The program number that was called.</param>
/// <param name="Version">The version number that was called.</param>
/// <param name="Procedure">The procedure number that was called.</param>
/// <param name="Successes">How many calls were forwarded.</param>
/// <param name="Failures">How many calls failed.</param>
/// <param name="Indirect">Non-zero when the calls came through INDIRECT, zero for CALLIT/BCAST.</param>
/// <param name="NetId">The network identifier the calls arrived on.</param>
public sealed record RpcbindRemoteCallStatistic(uint Program, uint Version, uint Procedure, int Successes, int Failures, int Indirect, string NetId)
{
    /// <summary>Gets the network identifier the calls arrived on.</summary>
    public string NetId { get; init; } = NetId ?? throw new ArgumentNullException(nameof(NetId));
}
