using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using OncRpc.Diagnostics;

namespace OncRpc.Server;

/// <summary>
/// What one server reports: a span and measurements per call, and a count per event. Callers check
/// <see cref="IsEnabled"/> first, so a server nobody listens to pays one check per call.
/// </summary>
internal sealed class ServerTelemetry
{
    private static string[]? _reasons;

    public ServerTelemetry(IMeterFactory? meterFactory)
    {
        Instruments = ServerInstruments.For(meterFactory);
    }

    public ServerInstruments Instruments { get; }

    /// <summary>Gets a value indicating whether anybody listens to the source or to the per-call instruments.</summary>
    public bool IsEnabled => RpcDiagnostics.Source.HasListeners() || Instruments.CallsEnabled;

    /// <summary>Starts reporting a call whose header was read.</summary>
    /// <param name="transport">The transport the call arrived on.</param>
    /// <param name="remote">The client's endpoint, when known.</param>
    /// <param name="version">The program version of the call.</param>
    /// <param name="procedure">The procedure number of the call.</param>
    /// <param name="names">The names the procedure was registered with, if any.</param>
    /// <param name="programName">The program's name, when only the program is known (an unknown version or procedure).</param>
    public ServerCallScope Start(RpcTransportKind transport, EndPoint? remote, uint version, uint procedure, RpcProcedure? names, string? programName) =>
        StartCore(transport, remote, true, version, procedure, names, programName);

    /// <summary>Starts reporting a call answered before its header could be read (RPC_MISMATCH, a garbled header).</summary>
    public ServerCallScope StartUnparsed(RpcTransportKind transport, EndPoint? remote) =>
        StartCore(transport, remote, false, 0, 0, null, null);

    /// <summary>
    /// Counts an event, with the transport it happened on when the reporter knows it. Calls completed are not
    /// counted here: <c>rpc.server.call.duration</c> counts them.
    /// </summary>
    public void OnEvent(RpcServerEventKind kind, RpcTransportKind? transport)
    {
        if (kind == RpcServerEventKind.CallCompleted || !Instruments.Events.Enabled)
        {
            return;
        }

        var reason = new KeyValuePair<string, object?>(RpcAttributeNames.EventReason, ReasonOf(kind));
        if (transport is { } known)
        {
            Instruments.Events.Add(1, reason, new KeyValuePair<string, object?>(RpcAttributeNames.NetworkTransport, NetworkAttributes.Transport(known)));
        }
        else
        {
            Instruments.Events.Add(1, reason);
        }
    }

    /// <summary>The attributes of every measurement of a call: system and method.</summary>
    internal static TagList MetricTags(string method) => new()
    {
        { RpcAttributeNames.RpcSystemName, RpcAttributeNames.SystemName },
        { RpcAttributeNames.RpcMethod, method },
    };

    /// <summary>Gets an event kind as a reason attribute: <c>ConnectionRefused</c> becomes <c>connection_refused</c>.</summary>
    internal static string ReasonOf(RpcServerEventKind kind)
    {
        string[] reasons = Volatile.Read(ref _reasons) ?? BuildReasons();
        return (uint)kind < (uint)reasons.Length ? reasons[(int)kind] : SnakeCase(kind.ToString());
    }

    private static string[] BuildReasons()
    {
        var reasons = new string[(int)RpcServerEventKind.StoppingCallbackFailed + 1];
        for (int i = 0; i < reasons.Length; i++)
        {
            reasons[i] = SnakeCase(((RpcServerEventKind)i).ToString());
        }

        Volatile.Write(ref _reasons, reasons);
        return reasons;
    }

    private static string SnakeCase(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    private ServerCallScope StartCore(
        RpcTransportKind transport, EndPoint? remote, bool parsed, uint version, uint procedure, RpcProcedure? names, string? programName)
    {
        string method = names?.Method ?? RpcAttributeNames.OtherMethod;
        Activity? activity = null;
        if (RpcDiagnostics.Source.HasListeners())
        {
            // ONC RPC carries no trace context: a served call starts a trace of its own, whatever activity the
            // server's thread inherited from the code that started it.
            if (Activity.Current is not null)
            {
                Activity.Current = null;
            }

            activity = RpcDiagnostics.Source.StartActivity(
                names?.Method ?? RpcAttributeNames.SystemName,
                ActivityKind.Server,
                default(ActivityContext),
                [new(RpcAttributeNames.RpcSystemName, RpcAttributeNames.SystemName), new(RpcAttributeNames.RpcMethod, method)]);
            if (activity is { IsAllDataRequested: true })
            {
                string? program = names?.ProgramName ?? programName;
                if (program is not null)
                {
                    activity.SetTag(RpcAttributeNames.ProgramName, program);
                }

                if (names is not null)
                {
                    activity.SetTag(RpcAttributeNames.ProcedureName, names.ProcedureName);
                }

                if (parsed)
                {
                    activity.SetTag(RpcAttributeNames.Version, (long)version);
                    activity.SetTag(RpcAttributeNames.ProcedureNumber, (long)procedure);
                }

                activity.SetTag(RpcAttributeNames.NetworkTransport, NetworkAttributes.Transport(transport));
                (string? address, int port) = NetworkAttributes.Describe(remote);
                if (address is not null)
                {
                    activity.SetTag(RpcAttributeNames.PeerAddress, address);
                    if (port != 0)
                    {
                        activity.SetTag(RpcAttributeNames.PeerPort, port);
                    }
                }
            }
        }

        var scope = new ServerCallScope(this, activity, method);
        if (Instruments.Active.Enabled)
        {
            Instruments.Active.Add(1, MetricTags(method));
            scope.CountedActive = true;
        }

        return scope;
    }
}
