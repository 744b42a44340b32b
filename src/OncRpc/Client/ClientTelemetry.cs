using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using OncRpc.Diagnostics;

namespace OncRpc.Client;

/// <summary>
/// What one client reports about its calls: its instruments and the attributes of its server, prepared once.
/// Callers check <see cref="IsEnabled"/> first, so a client nobody listens to pays one check per call.
/// </summary>
internal sealed class ClientTelemetry
{
    private readonly string? _serverAddress;
    private readonly int _serverPort;

    public ClientTelemetry(EndPoint remoteEndPoint, RpcTransportKind transport, IMeterFactory? meterFactory)
    {
        Instruments = ClientInstruments.For(meterFactory);
        NetworkTransport = NetworkAttributes.Transport(transport);
        (_serverAddress, _serverPort) = NetworkAttributes.Describe(remoteEndPoint);
    }

    public ClientInstruments Instruments { get; }

    public string NetworkTransport { get; }

    /// <summary>Gets a value indicating whether anybody listens to the source or the instruments.</summary>
    public bool IsEnabled => RpcDiagnostics.Source.HasListeners() || Instruments.Enabled;

    /// <summary>
    /// Starts reporting a call: its span (a child of the caller's current activity, which stays current for the
    /// caller) and its place among the active calls.
    /// </summary>
    public ClientCallScope Start(uint program, uint version, uint procedure, RpcProcedure? names)
    {
        string method = names?.Method ?? RpcAttributeNames.OtherMethod;
        Activity? activity = null;
        if (RpcDiagnostics.Source.HasListeners())
        {
            KeyValuePair<string, object?>[] tags = _serverAddress is null
                ? [new(RpcAttributeNames.RpcSystemName, RpcAttributeNames.SystemName), new(RpcAttributeNames.RpcMethod, method)]
                : _serverPort != 0
                    ? [
                        new(RpcAttributeNames.RpcSystemName, RpcAttributeNames.SystemName),
                        new(RpcAttributeNames.RpcMethod, method),
                        new(RpcAttributeNames.ServerAddress, _serverAddress),
                        new(RpcAttributeNames.ServerPort, _serverPort),
                    ]
                    : [
                        new(RpcAttributeNames.RpcSystemName, RpcAttributeNames.SystemName),
                        new(RpcAttributeNames.RpcMethod, method),
                        new(RpcAttributeNames.ServerAddress, _serverAddress),
                    ];
            activity = RpcDiagnostics.Source.CreateActivity(names?.Method ?? RpcAttributeNames.SystemName, ActivityKind.Client, default(ActivityContext), tags);
            if (activity is not null)
            {
                Activity? callers = Activity.Current;
                activity.Start();

                // The span is the call's, not the caller's: the caller's code after this returns is no part of it.
                // (A stopped activity cannot be made current again; a caller that left one current gets none.)
                Activity.Current = callers is { IsStopped: true } ? null : callers;
                if (activity.IsAllDataRequested)
                {
                    AddDetails(activity, version, procedure, names);
                }
            }
        }

        var scope = new ClientCallScope(this, activity, method);
        if (Instruments.Active.Enabled)
        {
            Instruments.Active.Add(1, MetricTags(method));
            scope.CountedActive = true;
        }

        return scope;
    }

    /// <summary>The attributes of every measurement of a call: system, method and server.</summary>
    public TagList MetricTags(string method)
    {
        var tags = new TagList
        {
            { RpcAttributeNames.RpcSystemName, RpcAttributeNames.SystemName },
            { RpcAttributeNames.RpcMethod, method },
        };
        if (_serverAddress is not null)
        {
            tags.Add(RpcAttributeNames.ServerAddress, _serverAddress);
            if (_serverPort != 0)
            {
                tags.Add(RpcAttributeNames.ServerPort, _serverPort);
            }
        }

        return tags;
    }

    private void AddDetails(Activity activity, uint version, uint procedure, RpcProcedure? names)
    {
        if (names is not null)
        {
            activity.SetTag(RpcAttributeNames.ProgramName, names.ProgramName);
            activity.SetTag(RpcAttributeNames.ProcedureName, names.ProcedureName);
        }

        activity.SetTag(RpcAttributeNames.Version, (long)version);
        activity.SetTag(RpcAttributeNames.ProcedureNumber, (long)procedure);
        activity.SetTag(RpcAttributeNames.NetworkTransport, NetworkTransport);

        // The client connects to the address it was given, without a name lookup: the peer is the server.
        if (_serverAddress is not null)
        {
            activity.SetTag(RpcAttributeNames.PeerAddress, _serverAddress);
            if (_serverPort != 0)
            {
                activity.SetTag(RpcAttributeNames.PeerPort, _serverPort);
            }
        }
    }
}
