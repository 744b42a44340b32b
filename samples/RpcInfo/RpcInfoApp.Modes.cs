using System.Net;
using OncRpc;
using OncRpc.Client;
using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace RpcInfo;

/// <summary>The modes of rpcinfo, each following the C tool's order of checks, calls and messages.</summary>
internal sealed partial class RpcInfoApp
{
    private const uint MaxVersion = uint.MaxValue;

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

    /// <summary>rpcinfo's <c>ip_getclient</c>: the program through rpcbind on the host over the first transport of the protocol that resolves.</summary>
    private async Task<Handle> IpClientAsync(string host, uint program, uint version, string protocol, TimeSpan timeout)
    {
        RpcInfoCreateException? saved = null;
        foreach (NetconfigEntry nconf in NetconfigDatabase.ByProtocol(protocol))
        {
            try
            {
                return await ServiceHandleAsync(host, nconf, program, version, timeout).ConfigureAwait(false);
            }
            catch (RpcInfoCreateException ex) when (ex.Status == RpcStatus.UnknownHost)
            {
                saved = ex;
            }
            catch (RpcInfoCreateException ex)
            {
                throw Fail(host + ": " + ex.Message);
            }
        }

        if (saved is not null)
        {
            throw Fail(host + ": " + saved.Message);
        }

        throw Fail("Cannot find suitable transport for protocol " + protocol);
    }

    /// <summary>-t / -u: ping a program through the portmapper's address for it.</summary>
    private async Task IpPingAsync(string protocol, string[] operands)
    {
        if (operands.Length is < 2 or > 3)
        {
            throw UsageExit();
        }

        string host = operands[0];
        ulong program = GetProgramNumber(operands[1]);
        bool versionGiven = operands.Length == 3;
        ulong version = versionGiven ? GetVersionNumber(operands[2]) : 0;
        Handle handle = await IpClientAsync(host, unchecked((uint)program), unchecked((uint)version), protocol, _settings.PingTimeout).ConfigureAwait(false);
        await using (handle.ConfigureAwait(false))
        {
            await PingVersionsAsync(handle.Client, program, versionGiven, version).ConfigureAwait(false);
        }
    }

    /// <summary>-T netid host prog [vers]: ping through rpcbind's address for the program on that transport.</summary>
    private async Task ProgramPingAsync(string? netid, string[] operands)
    {
        if (operands.Length is < 2 or > 3 || netid is null)
        {
            throw UsageExit();
        }

        uint program = unchecked((uint)GetProgramNumber(operands[1]));
        bool versionGiven = operands.Length == 3;
        uint version = versionGiven ? unchecked((uint)GetVersionNumber(operands[2])) : 0;
        NetconfigEntry nconf = NetconfigDatabase.Find(netid) ?? throw Fail($"rpcinfo: Could not find {netid}");
        Handle handle;
        try
        {
            handle = await ServiceHandleAsync(operands[0], nconf, program, version, _settings.PingTimeout).ConfigureAwait(false);
        }
        catch (RpcInfoCreateException ex)
        {
            throw Fail("rpcinfo: " + ex.Message);
        }

        await using (handle.ConfigureAwait(false))
        {
            await PingVersionsAsync(handle.Client, program, versionGiven, version).ConfigureAwait(false);
        }
    }

    /// <summary>-a uaddr -T netid prog [vers]: ping a service at a universal address, without rpcbind.</summary>
    private async Task AddressPingAsync(string address, string? netid, string[] operands)
    {
        if (operands.Length is < 1 or > 2 || netid is null)
        {
            throw UsageExit();
        }

        NetconfigEntry nconf = NetconfigDatabase.Find(netid) ?? throw Fail($"rpcinfo: Could not find {netid}");
        uint program = unchecked((uint)GetProgramNumber(operands[0]));
        bool versionGiven = operands.Length == 2;
        uint version = versionGiven ? unchecked((uint)GetVersionNumber(operands[1])) : 0;
        if (nconf.Semantics == NetconfigSemantics.Raw)
        {
            throw Fail("rpcinfo: " + ClntText.UnknownErrorCode);
        }

        if (!UniversalAddress.TryParse(address, nconf.NetId, out UniversalAddress? parsed) || !Matches(parsed, nconf))
        {
            throw Fail("rpcinfo: rpcinfo: no address for client handle");
        }

        RpcTransportKind kind = nconf.IsLoopback ? RpcTransportKind.Local : nconf.IsStream ? RpcTransportKind.Tcp : RpcTransportKind.Udp;
        RpcClient client;
        try
        {
            client = await ConnectAsync(parsed.ToEndPoint(), kind, _settings.PingTimeout).ConfigureAwait(false);
        }
        catch (RpcInfoCreateException ex)
        {
            throw Fail("rpcinfo: " + ex.Message);
        }

        await using (client.ConfigureAwait(false))
        {
            await PingVersionsAsync(client, program, versionGiven, version).ConfigureAwait(false);
        }
    }

    private static bool Matches(UniversalAddress address, NetconfigEntry nconf) =>
        nconf.IsLoopback ? address.IsLocal
        : nconf.IsInet ? address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
        : nconf.IsInet6 && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    /// <summary>
    /// Pings one version, or, without one, asks for version 0 to learn the supported range from the mismatch and
    /// pings each version in it; prints one line per version and ends with 1 when any failed.
    /// </summary>
    private async Task PingVersionsAsync(RpcClient client, ulong program, bool versionGiven, ulong version)
    {
        if (versionGiven)
        {
            Exception? error = await PingAsync(client, unchecked((uint)program), unchecked((uint)version)).ConfigureAwait(false);
            if (!PrintStatus(error, program, version))
            {
                throw new RpcInfoExitException(1);
            }

            return;
        }

        uint low, high;
        Exception? first = await PingAsync(client, unchecked((uint)program), 0).ConfigureAwait(false);
        if (first is RpcProgramMismatchException m)
        {
            (low, high) = (m.Low, m.High);
        }
        else if (first is null)
        {
            Exception? top = await PingAsync(client, unchecked((uint)program), MaxVersion).ConfigureAwait(false);
            if (top is RpcProgramMismatchException m2)
            {
                (low, high) = (m2.Low, m2.High);
            }
            else if (top is null)
            {
                (low, high) = (0, MaxVersion);
            }
            else
            {
                PrintStatus(top, program, MaxVersion);
                throw new RpcInfoExitException(1);
            }
        }
        else
        {
            PrintStatus(first, program, 0);
            throw new RpcInfoExitException(1);
        }

        if (high >= low && (ulong)high - low + 1 > _settings.MaxVersionsPerPing)
        {
            throw Fail($"rpcinfo: program {program} reports versions {low} to {high}; not pinging more than {_settings.MaxVersionsPerPing} versions");
        }

        bool failure = false;
        for (ulong v = low; v <= high; v++)
        {
            Exception? error = await PingAsync(client, unchecked((uint)program), (uint)v).ConfigureAwait(false);
            if (!PrintStatus(error, program, v))
            {
                failure = true;
            }
        }

        if (failure)
        {
            throw new RpcInfoExitException(1);
        }
    }

    private async Task<Exception?> PingAsync(RpcClient client, uint program, uint version)
    {
        try
        {
            await client.PingAsync(program, version, cancellationToken: _cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (IsCallFailure(ex))
        {
            return ex;
        }
    }

    /// <summary>rpcinfo's <c>pstatus</c>.</summary>
    private bool PrintStatus(Exception? error, ulong program, ulong version)
    {
        if (error is not null)
        {
            _err.Write("rpcinfo: " + ClntText.Sperror(error) + "\n");
            _out.Write($"program {program} version {version} is not available\n");
            return false;
        }

        _out.Write($"program {program} version {version} ready and waiting\n");
        return true;
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
