using OncRpc.Server;
using OncRpc.XdrGen.Tests.Demo;

namespace OncRpc.XdrGen.Tests;

/// <summary>The demo protocol's implementation, registered through the generated server stubs.</summary>
internal sealed class DemoServer : IDemoV1Server, IDemoV2Server
{
    public List<byte[]> Stored { get; } = [];

    public ValueTask DemoNullAsync(RpcCallContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<Item> DemoEchoAsync(Item item, RpcCallContext context, CancellationToken cancellationToken) => ValueTask.FromResult(item);

    public ValueTask<Itemlist?> DemoListAsync(int argument, RpcCallContext context, CancellationToken cancellationToken)
    {
        Itemlist? head = null;
        for (int i = argument; i > 0; i--)
        {
            head = new Itemlist(DemoValues.Item(i), head);
        }

        return ValueTask.FromResult(head);
    }

    public ValueTask<Result> DemoLookupAsync(string name, RpcCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Result>(name switch
        {
            "red" => new Result.Red(DemoValues.Item(5)),
            "green" => new Result.Green(Color.Green, "grass"),
            "blue" => new Result.Green(Color.Blue, "sky"),
            _ => new Result.Default((Color)99),
        });

    public ValueTask<int> DemoAddAsync(int argument1, int argument2, RpcCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(argument1 + argument2);

    public ValueTask<string> DemoConcatAsync(string name, string argument2, Color color, RpcCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult($"{name}|{argument2}|{color}");

    public ValueTask DemoStoreAsync(byte[] blob, RpcCallContext context, CancellationToken cancellationToken)
    {
        lock (Stored)
        {
            Stored.Add(blob);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<Tree> DemoMirrorAsync(Tree tree, RpcCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Mirror(tree));

    public ValueTask<Code> DemoCodeAsync(Code code, Flag flag, RpcCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(flag is Flag.True on ? new Code.Case0(new Point(on.Level, on.Level)) : code);

    public ValueTask<uint> DemoCountAsync(Itemlist? itemlistPtr, RpcCallContext context, CancellationToken cancellationToken)
    {
        uint count = 0;
        for (Itemlist? node = itemlistPtr; node is not null; node = node.Next)
        {
            count++;
        }

        return ValueTask.FromResult(count);
    }

    public ValueTask<Flag> DemoToggleAsync(Flag flag, RpcCallContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Flag>(flag is Flag.True ? new Flag.False() : new Flag.True(42));

    private static Tree Mirror(Tree tree)
    {
        // Iterative on purpose? No: trees here are shallow (MaxDepth bounds what the server accepts).
        return new Tree(tree.Value, tree.Right is null ? null : Mirror(tree.Right), tree.Left is null ? null : Mirror(tree.Left));
    }
}
