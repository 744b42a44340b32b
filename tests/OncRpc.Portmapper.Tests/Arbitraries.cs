using System.Net;
using FsCheck;
using FsCheck.Fluent;

namespace OncRpc.Portmapper.Tests;

/// <summary>Generators for every rpcbind structure and for universal addresses.</summary>
public static class Arbitraries
{
    public static Gen<uint> UInt => Gen.Choose(int.MinValue, int.MaxValue).Select(i => unchecked((uint)i));

    public static Gen<int> Int => Gen.Choose(int.MinValue, int.MaxValue);

    public static Gen<string> Text =>
        Gen.Elements('a', 'z', '0', '.', ':', '/', ' ', '-', 'é', '€', '中', '\u0001')
            .ArrayOf()
            .Select(chars => new string(chars));

    public static Gen<byte[]> Bytes => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();

    public static Gen<IReadOnlyList<T>> ListOf<T>(Gen<T> element) => element.ListOf().Select(l => (IReadOnlyList<T>)l.ToList());

    public static Arbitrary<PortMapping> PortMappingArb() =>
        Gen.Zip(Gen.Zip(UInt, UInt), Gen.Zip(UInt, UInt)).Select(t => new PortMapping(t.Item1.Item1, t.Item1.Item2, t.Item2.Item1, t.Item2.Item2)).ToArbitrary();

    public static Gen<RpcbindMapping> RpcbindMappingGen =>
        from p in UInt from v in UInt from n in Text from a in Text from o in Text select new RpcbindMapping(p, v, n, a, o);

    public static Arbitrary<RpcbindMapping> RpcbindMappingArb() => RpcbindMappingGen.ToArbitrary();

    public static Arbitrary<IReadOnlyList<RpcbindMapping>> RpcbindMappingListArb() => ListOf(RpcbindMappingGen).ToArbitrary();

    public static Arbitrary<IReadOnlyList<PortMapping>> PortMappingListArb() => ListOf(PortMappingArb().Generator).ToArbitrary();

    public static Gen<RpcbindEntry> RpcbindEntryGen =>
        from a in Text from n in Text from s in UInt from f in Text from p in Text select new RpcbindEntry(a, n, (TransportSemantics)s, f, p);

    public static Arbitrary<RpcbindEntry> RpcbindEntryArb() => RpcbindEntryGen.ToArbitrary();

    public static Arbitrary<IReadOnlyList<RpcbindEntry>> RpcbindEntryListArb() => ListOf(RpcbindEntryGen).ToArbitrary();

    public static Arbitrary<RemoteCallArguments> RemoteCallArgumentsArb() =>
        (from p in UInt from v in UInt from c in UInt from b in Bytes select new RemoteCallArguments(p, v, c, b)).ToArbitrary();

    public static Arbitrary<RpcbindRemoteCallResult> RpcbindRemoteCallResultArb() =>
        Gen.Zip(Text, Bytes).Select(t => new RpcbindRemoteCallResult(t.Item1, t.Item2)).ToArbitrary();

    public static Arbitrary<PortmapperRemoteCallResult> PortmapperRemoteCallResultArb() =>
        Gen.Zip(UInt, Bytes).Select(t => new PortmapperRemoteCallResult(t.Item1, t.Item2)).ToArbitrary();

    public static Arbitrary<NetBuffer> NetBufferArb() =>
        Gen.Zip(UInt, Bytes).Select(t => new NetBuffer(t.Item1, t.Item2)).ToArbitrary();

    public static Gen<RpcbindStatistics> StatisticsGen =>
        from info in Int.ArrayOf(RpcbindStatistics.ProcedureCount)
        from set in Int
        from unset in Int
        from addresses in ListOf(from p in UInt from v in UInt from ok in Int from ko in Int from n in Text select new RpcbindAddressStatistic(p, v, ok, ko, n))
        from calls in ListOf(from p in UInt from v in UInt from c in UInt from ok in Int from ko in Int from i in Int from n in Text select new RpcbindRemoteCallStatistic(p, v, c, ok, ko, i, n))
        select new RpcbindStatistics(info, set, unset, addresses, calls);

    public static Arbitrary<RpcbindStatistics> StatisticsArb() => StatisticsGen.ToArbitrary();

    public static Arbitrary<RpcbindStatisticsByVersion> StatisticsByVersionArb() =>
        (from a in StatisticsGen from b in StatisticsGen from c in StatisticsGen select new RpcbindStatisticsByVersion(a, b, c)).ToArbitrary();

    public static Gen<UniversalAddress> IPv4AddressGen =>
        Gen.Zip(UInt, Gen.Choose(0, 65535)).Select(t => UniversalAddress.FromIPAddress(new IPAddress(BitConverter.GetBytes(t.Item1)), t.Item2));

    public static Gen<UniversalAddress> IPv6AddressGen =>
        from bytes in Gen.Frequency(
            (3, Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(16)),
            (2, Gen.Zip(Gen.Choose(0, 15), Gen.Choose(1, 16)).Select(t => ZeroRun(t.Item1, t.Item2))),
            (1, UInt.Select(v => MappedIPv4(v))))
        from port in Gen.Choose(0, 65535)
        from scope in Gen.Elements<long>(0, 0, 0, 1, 7)
        select UniversalAddress.FromIPAddress(new IPAddress(bytes, scope), port);

    public static Gen<UniversalAddress> LocalAddressGen =>
        Gen.Elements("a", "run", "rpcbind.sock", "x y", "é", "sub.dir", "1.2")
            .NonEmptyListOf()
            .Select(parts => UniversalAddress.FromPath("/" + string.Join("/", parts.Take(5))));

    public static Arbitrary<UniversalAddress> UniversalAddressArb() =>
        Gen.OneOf(IPv4AddressGen, IPv6AddressGen, LocalAddressGen).ToArbitrary();

    private static byte[] ZeroRun(int start, int length)
    {
        var bytes = new byte[16];
        for (int i = 0; i < 16; i++)
        {
            bytes[i] = (byte)((i * 37) + 1);
        }

        for (int i = start; i < Math.Min(16, start + length); i++)
        {
            bytes[i] = 0;
        }

        return bytes;
    }

    private static byte[] MappedIPv4(uint value)
    {
        var bytes = new byte[16];
        bytes[10] = 0xFF;
        bytes[11] = 0xFF;
        BitConverter.GetBytes(value).CopyTo(bytes, 12);
        return bytes;
    }
}
