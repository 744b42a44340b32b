using System.Net;
using OncRpc;
using OncRpc.Client;
using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace RpcInfo;

/// <summary>The ping modes of rpcinfo (-t, -u, -T, -a): each version of a program called and reported as the C tool does.</summary>
internal sealed partial class RpcInfoApp
{
    private const uint MaxVersion = uint.MaxValue;

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
}
