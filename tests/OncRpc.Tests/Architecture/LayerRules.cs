namespace OncRpc.Tests.Architecture;

/// <summary>
/// The layers of src/OncRpc (one namespace per folder) and what each may use, as docs/architecture.md states them.
/// A namespace of the library that is not listed here is itself a violation: a new folder needs its rule.
/// </summary>
internal static class LayerRules
{
    public const string Xdr = "OncRpc.Xdr";
    public const string Root = "OncRpc";
    public const string Framing = "OncRpc.Framing";
    public const string Messages = "OncRpc.Messages";
    public const string Client = "OncRpc.Client";
    public const string ClientTransport = "OncRpc.Client.Transport";
    public const string Server = "OncRpc.Server";
    public const string ServerTransport = "OncRpc.Server.Transport";
    public const string Tls = "OncRpc.Tls";
    public const string Diagnostics = "OncRpc.Diagnostics";

    /// <summary>Which layers of the library each layer may use besides itself.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> MayUse = new Dictionary<string, string[]>
    {
        // XDR knows nothing above it.
        [Xdr] = [],

        // The shared vocabulary (statuses, transports, the exception family) speaks in message terms.
        [Root] = [Xdr, Messages],

        // Record marking and datagrams: bytes, never messages.
        [Framing] = [Xdr, Root],
        [Messages] = [Xdr, Root],

        // Telemetry: the ActivitySource and Meter, instruments, attribute names, reply statuses by name.
        [Diagnostics] = [Root, Messages],

        // Each side owns its transport half; the transports report through interfaces they own, so they never use their owner.
        // RPC-with-TLS helpers both transports share (the probe exchange, the handshake rules, its deadline).
        [Tls] = [Xdr, Root, Messages],

        [ClientTransport] = [Xdr, Root, Framing, Messages, Tls],
        [Client] = [Xdr, Root, Framing, Messages, ClientTransport, Diagnostics],
        [ServerTransport] = [Xdr, Root, Framing, Messages, Tls],
        [Server] = [Xdr, Root, Framing, Messages, ServerTransport, Diagnostics],
    };

    /// <summary>
    /// The few types of its owner a transport may use: the owner's settings, the call it carries and the error texts.
    /// Never the facade (RpcClient, RpcServer) or the owner's tables: a transport reports through an interface it owns.
    /// </summary>
    public static readonly IReadOnlyDictionary<(string From, string To), string[]> MayUseTypes = new Dictionary<(string, string), string[]>
    {
        [(ClientTransport, Client)] = ["RpcClientOptions", "RpcClientIoMode", "RpcErrors", "CallMessage`1", "CallMessageCodec`1", "PendingCall", "RpcClientTlsOptions", "RpcTlsPolicy"],
        [(ServerTransport, Server)] = ["RpcServerOptions", "RpcServerEventKind", "RpcServerTlsOptions"],
    };

    /// <summary>Outside namespaces a layer must not touch: below the transports nothing opens a socket.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> MustNotTouch = new Dictionary<string, string[]>
    {
        [Xdr] = ["System.Net", "System.Net.Sockets", "System.IO.Pipelines"],
        [Root] = ["System.Net.Sockets"],
        [Framing] = ["System.Net.Sockets"],
        [Messages] = ["System.Net.Sockets"],
        [Diagnostics] = ["System.Net.Sockets"],
    };

    /// <summary>Namespaces of types the compiler or the polyfills add to the assembly; any layer may use them.</summary>
    public static readonly string[] Support = ["", "System.Runtime.CompilerServices", "System.Diagnostics.CodeAnalysis", "Microsoft.CodeAnalysis"];

    /// <summary>Every use of a library type or a forbidden outside namespace that the rules do not allow.</summary>
    public static IEnumerable<string> Violations(IEnumerable<TypeUse> uses)
    {
        foreach (TypeUse use in uses)
        {
            if (Support.Contains(use.FromNamespace))
            {
                // Compiler-generated and polyfill types stand alone; they may not reach into a layer either.
                if (use.ToIsLocal && !Support.Contains(use.ToNamespace))
                {
                    yield return $"{use}: support types must not use the library's layers";
                }

                continue;
            }

            if (!MayUse.TryGetValue(use.FromNamespace, out string[]? allowed))
            {
                yield return $"{use.FromType} is in {use.FromNamespace}, a namespace with no layer rule (add it to LayerRules and docs/architecture.md)";
                continue;
            }

            if (use.ToIsLocal)
            {
                if (use.ToNamespace != use.FromNamespace && !Support.Contains(use.ToNamespace) && !allowed.Contains(use.ToNamespace)
                    && !(MayUseTypes.TryGetValue((use.FromNamespace, use.ToNamespace), out string[]? types) && types.Contains(use.ToType)))
                {
                    yield return $"{use}: {use.FromNamespace} may use only {(allowed.Length == 0 ? "itself" : string.Join(", ", allowed))}";
                }
            }
            else if (MustNotTouch.TryGetValue(use.FromNamespace, out string[]? forbidden) && forbidden.Contains(use.ToNamespace))
            {
                yield return $"{use}: {use.FromNamespace} must not touch {use.ToNamespace}";
            }
        }
    }
}
