using OncRpc.Server;
using OncRpc.Xdr;

namespace OncRpc.Portmapper.Server;

/// <summary>
/// What the procedures of one version of program 100000 share: the registry, the statistics of that version, the
/// SET and UNSET rules, and registering a procedure on the server.
/// </summary>
internal abstract class VersionProcedures(uint version, MappingRegistry mappings, RpcbindStatisticsCollector statistics)
{
    protected uint Version => version;

    protected MappingRegistry Mappings => mappings;

    protected RpcbindStatisticsCollector Statistics => statistics;

    /// <summary>Registers this version's procedures on <paramref name="server"/>.</summary>
    public abstract void AddTo(RpcServer server, RemoteCallForwarder? forwarder);

    protected void CountCall(uint procedure) => statistics.CountCall(version, procedure);

    protected void Add<TArgs, TResult>(
        RpcServer server, uint procedure, IXdrCodec<TArgs> arguments, IXdrCodec<TResult> results, Func<TArgs, RpcCallContext, TResult> handler) =>
        server.AddProcedure(RpcbindProcedureNames.Get(version, procedure), arguments, results, handler);

    protected void Add<TArgs, TResult>(
        RpcServer server, uint procedure, IXdrCodec<TArgs> arguments, IXdrCodec<TResult> results, Func<TArgs, RpcCallContext, CancellationToken, ValueTask<TResult>> handler) =>
        server.AddProcedure(RpcbindProcedureNames.Get(version, procedure), arguments, results, handler);

    /// <summary>NULL: answers void and counts the call.</summary>
    protected XdrVoid Null(XdrVoid arguments, RpcCallContext context)
    {
        CountCall(0);
        return arguments;
    }

    /// <summary>SET: registers a mapping for a caller on this machine, when <paramref name="valid"/> and it has a netid.</summary>
    protected bool SetCore(RpcCallContext context, RpcbindMapping mapping, bool valid)
    {
        CountCall((uint)RpcbindProcedure.Set);
        if (!MappingRegistry.MayChange(context) || !valid || mapping.NetId.Length == 0)
        {
            return false;
        }

        bool done = mappings.Add(mapping);
        if (done)
        {
            statistics.CountSet(version, unset: false);
        }

        return done;
    }

    /// <summary>UNSET: removes the caller's own registrations (anyone's for the superuser), for a caller on this machine.</summary>
    protected bool UnsetCore(RpcCallContext context, uint program, uint programVersion, string? netId)
    {
        CountCall((uint)RpcbindProcedure.Unset);
        if (!MappingRegistry.MayChange(context))
        {
            return false;
        }

        bool done = mappings.Remove(program, programVersion, netId, MappingRegistry.OwnerOf(context));
        if (done)
        {
            statistics.CountSet(version, unset: true);
        }

        return done;
    }
}
