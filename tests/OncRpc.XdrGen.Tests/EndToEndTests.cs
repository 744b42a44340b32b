using System.Net;
using OncRpc;
using OncRpc.Client;
using OncRpc.Server;
using OncRpc.XdrGen.Tests.Demo;
using Xunit;

namespace OncRpc.XdrGen.Tests;

/// <summary>
/// The demo protocol served by the generated server stub on our RpcServer and called through the generated
/// client, over TCP and UDP on loopback.
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private readonly RpcServer _server = new();
    private readonly DemoServer _implementation = new();
    private EndPoint _tcp = null!;
    private EndPoint _udp = null!;

    public async Task InitializeAsync()
    {
        _server.AddDemoV1(_implementation);
        _server.AddDemoV2(_implementation);
        _tcp = await _server.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0));
        _udp = await _server.ListenUdpAsync(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<RpcClient> ConnectAsync(RpcTransportKind transport) =>
        await RpcClient.ConnectAsync(transport == RpcTransportKind.Tcp ? _tcp : _udp, transport);

    [Theory]
    [InlineData(RpcTransportKind.Tcp)]
    [InlineData(RpcTransportKind.Udp)]
    public async Task Every_procedure_answers_through_the_generated_client(RpcTransportKind transport)
    {
        await using RpcClient rpc = await ConnectAsync(transport);
        var client = new DemoV1Client(rpc);

        await client.DemoNullAsync();

        Item sent = DemoValues.Item(6);
        Item echoed = await client.DemoEchoAsync(sent);
        Assert.Equal(DemoValues.Encode(Item.Codec, sent), DemoValues.Encode(Item.Codec, echoed));
        Assert.Equal("tag-é", echoed.Tags);
        Assert.Equal(ulong.MaxValue, echoed.Huge);

        Itemlist? list = await client.DemoListAsync(5);
        var labels = new List<string>();
        for (Itemlist? node = list; node is not null; node = node.Next)
        {
            labels.Add(node.Entry.Label);
        }

        Assert.Equal(["item-1", "item-2", "item-3", "item-4", "item-5"], labels);
        Assert.Null(await client.DemoListAsync(0));

        Assert.Equal(5, Assert.IsType<Result.Red>(await client.DemoLookupAsync("red")).Found.Ratio / 1.5f);
        var blue = Assert.IsType<Result.Green>(await client.DemoLookupAsync("blue"));
        Assert.Equal((Color.Blue, "sky"), (blue.Status, blue.Message));
        Assert.Equal((Color)99, Assert.IsType<Result.Default>(await client.DemoLookupAsync("other")).Status);

        Assert.Equal(42, await client.DemoAddAsync(40, 2));
        Assert.Equal("a|b|Green", await client.DemoConcatAsync("a", "b", Color.Green));

        await client.DemoStoreAsync([1, 2, 3]);
        Assert.Contains(_implementation.Stored, b => b.SequenceEqual(new byte[] { 1, 2, 3 }));

        Tree mirrored = await client.DemoMirrorAsync(new Tree(1, new Tree(2, null, null), null));
        Assert.Equal((1, null, 2), (mirrored.Value, mirrored.Left?.Value, mirrored.Right?.Value));

        var nested = new Code.Case1(new CodeNested.Default(3, [9, 9]));
        var code = Assert.IsType<Code.Case1>(await client.DemoCodeAsync(nested, new Flag.False()));
        var raw = Assert.IsType<CodeNested.Default>(code.Nested);
        Assert.Equal(3u, raw.Sub);
        Assert.Equal([9, 9], raw.Raw);
        Assert.Equal(7, Assert.IsType<Code.Case0>(await client.DemoCodeAsync(new Code.CaseMinus1("x"), new Flag.True(7))).Where.X);

        Assert.Equal(3u, await client.DemoCountAsync(new Itemlist(DemoValues.Item(1), new Itemlist(DemoValues.Item(2), new Itemlist(DemoValues.Item(3), null)))));
        Assert.Equal(0u, await client.DemoCountAsync(null));
    }

    [Theory]
    [InlineData(RpcTransportKind.Tcp)]
    [InlineData(RpcTransportKind.Udp)]
    public async Task Second_version_is_served_alongside_the_first(RpcTransportKind transport)
    {
        await using RpcClient rpc = await ConnectAsync(transport);
        var client = new DemoV2Client(rpc);
        Assert.IsType<Flag.False>(await client.DemoToggleAsync(new Flag.True(1)));
        Assert.Equal(42, Assert.IsType<Flag.True>(await client.DemoToggleAsync(new Flag.False())).Level);
    }

    [Fact]
    public async Task A_list_of_thousands_of_nodes_crosses_tcp()
    {
        await using RpcClient rpc = await ConnectAsync(RpcTransportKind.Tcp);
        var client = new DemoV1Client(rpc);
        Itemlist? head = null;
        for (int i = 0; i < 3_000; i++)
        {
            head = new Itemlist(new Item(), head);
        }

        Assert.Equal(3_000u, await client.DemoCountAsync(head));
    }

    [Fact]
    public void Names_and_numbers_are_constants()
    {
        Assert.Equal(0x20000099u, DemoProg.Program);
        Assert.Equal("DEMO_PROG", DemoProg.Name);
        Assert.Equal(2u, DemoProg.DemoV2.Version);
        Assert.Equal("DEMO_V1", DemoProg.GetVersionName(1));
        Assert.Equal(4u, DemoProg.DemoV1.DemoAdd);
        Assert.Equal("DEMO_CONCAT", DemoProg.DemoV1.GetProcedureName(5));
        Assert.Null(DemoProg.DemoV1.GetProcedureName(99));
        Assert.Equal(0x1122334455667788, DemoConstants.Big);
        Assert.Equal(-5, DemoConstants.Negative);
        Assert.Equal("hello", DemoConstants.Greeting);
        Assert.Equal(16, DemoConstants.Maxitems);
        Assert.Equal([0, 1, 7, 8], Enum.GetValues<Shape>().Select(s => (int)s));
    }
}
