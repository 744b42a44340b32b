using System.Net;
using OncRpc;
using OncRpc.Client;
using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace RpcInfo;

/// <summary>The modes of rpcinfo, each following the C tool's order of checks, calls and messages.</summary>
internal sealed partial class RpcInfoApp
{
    /// <summary>No option, or -s: rpcbind's DUMP (version 3, then 4 or the portmapper as the server asks).</summary>
    private async Task RpcbindDumpAsync(bool summary, string? netid, string[] operands)
    {
        if (operands.Length > 1)
        {
            throw UsageExit();
        }

        Handle handle;
        try
        {
            if (operands.Length == 1)
            {
                if (netid is null)
                {
                    handle = await RpcbindAnyAsync(operands[0], _settings.QueryTimeout).ConfigureAwait(false);
                }
                else
                {
                    NetconfigEntry nconf = FindNetconfigOrInvalid(netid);
                    handle = await RpcbindHandleAsync(operands[0], nconf, _settings.QueryTimeout).ConfigureAwait(false);
                }
            }
            else
            {
                handle = await LocalRpcbindAsync(_settings.QueryTimeout).ConfigureAwait(false);
            }
        }
        catch (RpcInfoCreateException ex)
        {
            throw Fail("rpcinfo: can't contact rpcbind: " + ex.Message);
        }

        IReadOnlyList<RpcbindMapping> list;
        await using (handle.ConfigureAwait(false))
        {
            try
            {
                list = await DumpAsync(handle.Client, PortmapperProgram.Version3).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsMismatchOrUnavailable(ex, out uint low, out uint high))
            {
                try
                {
                    if (low == PortmapperProgram.Version4)
                    {
                        list = await DumpAsync(handle.Client, PortmapperProgram.Version4).ConfigureAwait(false);
                    }
                    else if (high == PortmapperProgram.Version2)
                    {
                        IReadOnlyList<PortMapping> maps = await PortmapperDumpCallAsync(handle.Client).ConfigureAwait(false);
                        list = Formatters.FromPortmapper(maps);
                    }
                    else
                    {
                        // The C tool falls through here with an empty list.
                        list = Array.Empty<RpcbindMapping>();
                    }
                }
                catch (Exception inner) when (IsCallFailure(inner))
                {
                    throw Fail("rpcinfo: can't contact rpcbind: : " + ClntText.Sperror(inner));
                }
            }
            catch (Exception ex) when (IsCallFailure(ex))
            {
                throw Fail("rpcinfo: can't contact rpcbind: : " + ClntText.Sperror(ex));
            }
        }

        if (summary)
        {
            Formatters.WriteRpcbindSummary(_out, list, ProgramName32);
        }
        else
        {
            Formatters.WriteRpcbindDump(_out, list, ProgramName32);
        }
    }

    private Task<IReadOnlyList<RpcbindMapping>> DumpAsync(RpcClient client, uint version) =>
        new RpcbindClient(client, version).DumpAsync(cancellationToken: _cancellationToken);

    private Task<IReadOnlyList<PortMapping>> PortmapperDumpCallAsync(RpcClient client) =>
        new PortmapperClient(client).DumpAsync(cancellationToken: _cancellationToken);

    private static bool IsMismatchOrUnavailable(Exception ex, out uint low, out uint high)
    {
        switch (ex)
        {
            case RpcProgramMismatchException m:
                (low, high) = (m.Low, m.High);
                return true;
            case RpcException r when r.Status == RpcStatus.ProgramUnavailable:
                (low, high) = (0, 0);
                return true;
            default:
                (low, high) = (0, 0);
                return false;
        }
    }

    private NetconfigEntry FindNetconfigOrInvalid(string netid) =>
        NetconfigDatabase.Find(netid) ?? throw Fail("rpcinfo: invalid transport: Netid not found in netconfig database");

    /// <summary>-p: the portmapper's version 2 DUMP.</summary>
    private async Task PortmapperDumpAsync(string[] operands)
    {
        if (operands.Length > 1)
        {
            throw UsageExit();
        }

        string? host = operands.Length == 1 ? operands[0] : null;
        Handle handle;
        if (host is not null)
        {
            handle = await IpClientAsync(host, PortmapperProgram.Number, PortmapperProgram.Version2, "tcp", _settings.QueryTimeout).ConfigureAwait(false);
        }
        else
        {
            try
            {
                handle = await LocalRpcbindAsync(_settings.QueryTimeout).ConfigureAwait(false);
            }
            catch (RpcInfoCreateException ex)
            {
                throw Fail("rpcinfo: can't contact portmapper: " + ex.Message);
            }
        }

        IReadOnlyList<PortMapping> list;
        await using (handle.ConfigureAwait(false))
        {
            try
            {
                list = await PortmapperDumpCallAsync(handle.Client).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsMismatchOrUnavailable(ex, out uint low, out _))
            {
                if (low > PortmapperProgram.Version2)
                {
                    string name = host ?? "(null)";
                    _err.Write($"{name} does not support portmapper.  Try rpcinfo {name} instead\n");
                }

                throw new RpcInfoExitException(1);
            }
            catch (Exception ex) when (IsCallFailure(ex))
            {
                throw Fail("rpcinfo: can't contact portmapper: " + ClntText.Sperror(ex));
            }
        }

        Formatters.WritePortmapperDump(_out, list, ProgramName32);
    }

    /// <summary>-m: rpcbind's GETSTAT.</summary>
    private async Task StatisticsAsync(string[] operands)
    {
        Handle handle;
        try
        {
            handle = operands.Length >= 1
                ? await RpcbindAnyAsync(operands[0], _settings.QueryTimeout).ConfigureAwait(false)
                : await LocalRpcbindAsync(_settings.QueryTimeout).ConfigureAwait(false);
        }
        catch (RpcInfoCreateException ex)
        {
            throw Fail("rpcinfo: can't contact rpcbind: " + ex.Message);
        }

        RpcbindStatisticsByVersion stats;
        await using (handle.ConfigureAwait(false))
        {
            try
            {
                stats = await new RpcbindClient(handle.Client, PortmapperProgram.Version4).GetStatAsync(cancellationToken: _cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsCallFailure(ex))
            {
                throw Fail("rpcinfo: can't contact rpcbind: : " + ClntText.Sperror(ex));
            }
        }

        StatisticsFormatter.Write(_out, stats, ProgramName32);
    }

    /// <summary>-l host prog vers: rpcbind's GETADDRLIST.</summary>
    private async Task AddressListAsync(string? netid, string[] operands)
    {
        if (operands.Length != 3)
        {
            throw UsageExit();
        }

        string host = operands[0];
        Handle handle;
        try
        {
            if (netid is null)
            {
                handle = await RpcbindAnyAsync(host, _settings.QueryTimeout).ConfigureAwait(false);
            }
            else
            {
                NetconfigEntry nconf = FindNetconfigOrInvalid(netid);
                handle = await RpcbindHandleAsync(host, nconf, _settings.QueryTimeout).ConfigureAwait(false);
            }
        }
        catch (RpcInfoCreateException ex)
        {
            throw Fail("rpcinfo: can't contact rpcbind: " + ex.Message);
        }

        IReadOnlyList<RpcbindEntry> list;
        uint program, version;
        await using (handle.ConfigureAwait(false))
        {
            program = unchecked((uint)GetProgramNumber(operands[1]));
            version = unchecked((uint)GetVersionNumber(operands[2]));
            string target = UniversalAddress.FromEndPoint(handle.Target).ToString();
            // Raw call rather than RpcbindClient.GetAddrListAsync: rpcinfo sends the address it used to reach
            // rpcbind in r_addr, which the typed client leaves empty.
            var query = new RpcbindMapping(program, version, handle.NetId, target, string.Empty);
            try
            {
                list = await handle.Client.CallAsync(PortmapperProgram.Number, PortmapperProgram.Version4, (uint)RpcbindProcedure.GetAddrList,
                    RpcbindMapping.Codec, query, RpcbindEntry.ListCodec, cancellationToken: _cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsCallFailure(ex))
            {
                throw Fail("rpcinfo: can't contact rpcbind: : " + ClntText.Sperror(ex));
            }
        }

        Formatters.WriteAddressList(_out, program, version, list, ProgramName32);
    }

    /// <summary>-d [-T netid] prog vers: rpcbind's UNSET over the local socket, as the caller's uid.</summary>
    private async Task DeleteAsync(string? netid, string[] operands)
    {
        if (operands.Length != 2)
        {
            throw UsageExit();
        }

        if (netid is not null && NetconfigDatabase.Find(netid) is null)
        {
            throw Fail($"rpcinfo: netid {netid} not supported");
        }

        // The C tool evaluates the version argument before the program (right to left).
        uint version = unchecked((uint)GetVersionNumber(operands[1]));
        uint program = unchecked((uint)GetProgramNumber(operands[0]));
        bool removed = false;
        try
        {
            // rpcbind decides who may delete from the transport (the caller's uid on the local socket), not from
            // the owner text of the request, so the typed client's empty owner does as well as the C tool's uid.
            Handle handle = await LocalOrLoopbackRpcbindAsync().ConfigureAwait(false);
            await using (handle.ConfigureAwait(false))
            {
                removed = await new RpcbindClient(handle.Client, PortmapperProgram.Version3)
                    .UnsetAsync(program, version, netid, cancellationToken: _cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RpcInfoCreateException || IsCallFailure(ex))
        {
            removed = false;
        }

        if (!removed)
        {
            throw Fail($"rpcinfo: Could not delete registration for prog {operands[0]} version {operands[1]}");
        }
    }

    /// <summary>libtirpc's <c>local_rpcb</c> for registrations: the Unix socket, else rpcbind over loopback.</summary>
    private async Task<Handle> LocalOrLoopbackRpcbindAsync()
    {
        try
        {
            return await LocalRpcbindAsync(_settings.QueryTimeout).ConfigureAwait(false);
        }
        catch (RpcInfoCreateException)
        {
            var endPoint = new IPEndPoint(IPAddress.Loopback, _settings.RpcbindPort);
            RpcClient client = await ConnectAsync(endPoint, RpcTransportKind.Tcp, _settings.QueryTimeout).ConfigureAwait(false);
            return new Handle(client, NetId.Tcp, endPoint);
        }
    }
}
