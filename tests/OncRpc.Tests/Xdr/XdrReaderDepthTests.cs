using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Xdr;

public sealed class XdrReaderDepthTests
{
    [Fact]
    public void Default_max_depth_is_64()
    {
        Assert.Equal(64, XdrReaderOptions.Default.MaxDepth);
    }

    [Fact]
    public void Enter_nested_counts_and_throws_past_the_limit()
    {
        var reader = new XdrReader(new byte[8], new XdrReaderOptions { MaxDepth = 2 });
        reader.EnterNested();
        reader.EnterNested();
        Assert.Equal(2, reader.Depth);
        XdrException? error = null;
        try
        {
            reader.EnterNested();
        }
        catch (XdrException ex)
        {
            error = ex;
        }

        Assert.NotNull(error);
        Assert.Equal(XdrError.LimitExceeded, error.Error);
        Assert.Equal(2, reader.Depth);
        reader.ExitNested();
        reader.ExitNested();
        Assert.Equal(0, reader.Depth);
    }

    [Fact]
    public void Exit_without_enter_is_a_misuse()
    {
        var reader = new XdrReader(new byte[4]);
        bool thrown = false;
        try
        {
            reader.ExitNested();
        }
        catch (InvalidOperationException)
        {
            thrown = true;
        }

        Assert.True(thrown);
    }

    [Fact]
    public void A_recursive_codec_stops_hostile_nesting_at_the_limit()
    {
        // A chain of "present" flags: each level of this codec reads a bool and recurses while it is 1.
        var data = new byte[4 * 10_000];
        for (int i = 0; i < 10_000; i++)
        {
            data[(i * 4) + 3] = 1;
        }

        var ex = Assert.Throws<XdrException>(() => new XdrReader(data).Read(NestedCodec.Instance));
        Assert.Equal(XdrError.LimitExceeded, ex.Error);
        Assert.Equal(64 * 4, ex.Offset);
    }

    private sealed class NestedCodec : IXdrCodec<int>
    {
        public static readonly NestedCodec Instance = new();

        public int Read(ref XdrReader reader)
        {
            reader.EnterNested();
            try
            {
                return reader.ReadBoolean() ? 1 + Read(ref reader) : 0;
            }
            finally
            {
                reader.ExitNested();
            }
        }

        public void Write(ref XdrWriter writer, int value) => throw new NotSupportedException();

        public int GetEncodedSize(int value) => throw new NotSupportedException();
    }
}
