using OncRpc.Client;
using Xunit;

namespace OncRpc.Tests.Client;

/// <summary>The I/O mode option: its default and its validation.</summary>
public sealed class RpcClientOptionsTests
{
    [Fact]
    public void Io_mode_defaults_to_a_dedicated_thread()
    {
        Assert.Equal(RpcClientIoMode.DedicatedThread, RpcClientOptions.Default.IoMode);
        Assert.Equal(RpcClientIoMode.Asynchronous, new RpcClientOptions { IoMode = RpcClientIoMode.Asynchronous }.IoMode);
        Assert.Equal(RpcClientIoMode.CallingThread, new RpcClientOptions { IoMode = RpcClientIoMode.CallingThread }.IoMode);
    }

    [Fact]
    public void Undefined_io_mode_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RpcClientOptions { IoMode = (RpcClientIoMode)3 });
    }
}
