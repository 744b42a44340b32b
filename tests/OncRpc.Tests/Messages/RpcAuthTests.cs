using OncRpc.Messages;
using Xunit;

namespace OncRpc.Tests.Messages;

public sealed class RpcAuthTests
{
    private static readonly AuthSysParameters Params = new(1, "client", 1000, 100, [100, 200]);

    [Fact]
    public void None_sends_auth_none_and_ignores_short_verifiers()
    {
        RpcAuth.None.OnReplyVerifier(new OpaqueAuth(AuthFlavor.Short, new byte[] { 1 }));
        Assert.Equal(OpaqueAuth.None, RpcAuth.None.Credential);
        Assert.Equal(OpaqueAuth.None, RpcAuth.None.Verifier);
    }

    [Fact]
    public void Sys_sends_the_encoded_parameters()
    {
        RpcAuth auth = RpcAuth.Sys(Params);
        Assert.Equal(Params.ToOpaqueAuth(), auth.Credential);
        Assert.Equal(auth.Credential, auth.FullCredential);
        Assert.Equal(OpaqueAuth.None, auth.Verifier);
        Assert.Throws<ArgumentNullException>(() => RpcAuth.Sys(null!));
    }

    [Fact]
    public void Short_verifier_becomes_the_credential_of_later_calls()
    {
        RpcAuth auth = RpcAuth.Sys(Params);
        byte[] body = [9, 8, 7, 6, 5];
        auth.OnReplyVerifier(new OpaqueAuth(AuthFlavor.Short, body));
        body[0] = 0; // the reply buffer is reused

        Assert.Equal(new OpaqueAuth(AuthFlavor.Short, new byte[] { 9, 8, 7, 6, 5 }), auth.Credential);
        Assert.Equal(Params.ToOpaqueAuth(), auth.FullCredential);
    }

    [Fact]
    public void Other_verifier_flavors_leave_the_credential_alone()
    {
        RpcAuth auth = RpcAuth.Sys(Params);
        auth.OnReplyVerifier(new OpaqueAuth(AuthFlavor.Short, new byte[] { 1 }));
        auth.OnReplyVerifier(OpaqueAuth.None);
        auth.OnReplyVerifier(new OpaqueAuth((AuthFlavor)99, new byte[] { 2 }));
        Assert.Equal(AuthFlavor.Short, auth.Credential.Flavor);
    }

    [Theory]
    [InlineData(AuthStatus.RejectedCredential)]
    [InlineData(AuthStatus.BadCredential)]
    [InlineData(AuthStatus.TooWeak)]
    public void Auth_error_drops_the_short_credential(AuthStatus status)
    {
        RpcAuth auth = RpcAuth.Sys(Params);
        auth.OnReplyVerifier(new OpaqueAuth(AuthFlavor.Short, new byte[] { 1 }));
        auth.OnAuthError(status);
        Assert.Equal(Params.ToOpaqueAuth(), auth.Credential);
    }

    [Fact]
    public async Task Concurrent_updates_never_expose_a_torn_credential()
    {
        RpcAuth auth = RpcAuth.Sys(Params);
        OpaqueAuth full = auth.FullCredential;
        var shorts = Enumerable.Range(0, 8).Select(i => new OpaqueAuth(AuthFlavor.Short, Enumerable.Repeat((byte)i, 4 + (i * 4)).ToArray())).ToArray();
        using var stop = new CancellationTokenSource();
        int bad = 0;

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                OpaqueAuth c = auth.Credential;
                if (c != full && !shorts.Contains(c))
                {
                    Interlocked.Increment(ref bad);
                }
            }
        })).ToArray();

        for (int i = 0; i < 20_000; i++)
        {
            auth.OnReplyVerifier(shorts[i % shorts.Length]);
            if (i % 3 == 0)
            {
                auth.OnAuthError(AuthStatus.RejectedCredential);
            }
        }

        stop.Cancel();
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, bad);
    }
}
