using OncRpc.Fuzz.Targets;

namespace OncRpc.Fuzz;

/// <summary>Every target, by name.</summary>
internal static class TargetList
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new XdrTarget(),
        new RecordMarkingTarget(),
        new RpcCallTarget(),
        new RpcReplyTarget(),
        new AuthTarget(),
        new PortmapperTarget(),
        new UniversalAddressTarget(),
        new ServerDispatchTarget(),
        new RpcInfoReplyTarget(),
        new ProbeReplyTarget(),
        new ProgramNamesTarget(),
        new XdrGenParserTarget(),
        new XdrGenCodecsTarget(),
        .. Environment.GetEnvironmentVariable("ONCRPC_FUZZ_SELFTEST") == "1" ? [new SelfTestTarget()] : Array.Empty<FuzzTarget>(),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
