using System.Reflection;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Exceptions;

/// <summary>One exception family in the root namespace, and the copies a connection-wide failure hands to each call keep type and data.</summary>
public sealed class ExceptionFamilyTests
{
    public static TheoryData<RpcException> Family => new()
    {
        new RpcException(RpcStatus.CantReceive, "RPC: Unable to receive; errno = Connection reset by peer", new IOException("inner")),
        new RpcProgramMismatchException(2, 4),
        new RpcVersionMismatchException(2, 2),
        new RpcAuthenticationException(AuthStatus.TooWeak),
        new RpcAuthenticationException((AuthStatus)99),
        new RpcProtocolException("The server sent a record larger than the limit of 10 bytes.", new FormatException("inner")),
        RpcCallRejectedException.WithStatus(AcceptStatus.GarbageArguments),
        RpcCallRejectedException.WithAuthError(AuthStatus.RejectedVerifier),
        RpcCallRejectedException.NoReply(),
        new RpcTlsException(RpcTlsError.HandshakeFailed, "The TLS handshake with the server failed.", new IOException("inner")),
    };

    [Fact]
    public void Every_rpc_exception_of_the_library_is_in_the_root_namespace_and_derives_from_RpcException()
    {
        Type[] exceptions = typeof(RpcException).Assembly.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToArray();
        Assert.Equal(
            ["RpcAuthenticationException", "RpcCallRejectedException", "RpcException", "RpcProgramMismatchException", "RpcProtocolException", "RpcTlsException", "RpcVersionMismatchException", "XdrException"],
            exceptions.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (Type type in exceptions.Where(t => t != typeof(XdrException)))
        {
            Assert.Equal("OncRpc", type.Namespace);
            Assert.True(typeof(RpcException).IsAssignableFrom(type), type.Name);
        }

        // The XDR layer knows nothing above it, so its exception stays its own; the client wraps it (CantDecodeResult).
        Assert.Equal("OncRpc.Xdr", typeof(XdrException).Namespace);
    }

    [Theory]
    [MemberData(nameof(Family))]
    public void A_copy_for_another_call_keeps_the_type_status_message_and_data(RpcException original)
    {
        Exception copy = RpcErrors.Copy(original);
        Assert.NotSame(original, copy);
        Assert.Equal(original.GetType(), copy.GetType());
        Assert.Equal(Describe(original), Describe((RpcException)copy));
        Assert.Same(original.InnerException, copy.InnerException);
    }

    [Fact]
    public void A_copy_of_a_type_derived_outside_the_library_is_the_instance_itself()
    {
        var own = new OwnRpcException();
        Assert.Same(own, RpcErrors.Copy(own));
        Assert.Equal("c", Assert.IsType<ObjectDisposedException>(RpcErrors.Copy(new ObjectDisposedException("c"))).ObjectName);
    }

    [Fact]
    public void A_rejection_thrown_by_a_handler_names_the_status_the_client_sees()
    {
        Assert.Equal(RpcStatus.ProgramUnavailable, RpcCallRejectedException.WithStatus(AcceptStatus.ProgramUnavailable).Status);
        Assert.Equal(RpcStatus.ProcedureUnavailable, RpcCallRejectedException.WithStatus(AcceptStatus.ProcedureUnavailable).Status);
        Assert.Equal(RpcStatus.CantDecodeArguments, RpcCallRejectedException.WithStatus(AcceptStatus.GarbageArguments).Status);
        Assert.Equal(RpcStatus.SystemError, RpcCallRejectedException.WithStatus(AcceptStatus.SystemError).Status);
        RpcCallRejectedException auth = RpcCallRejectedException.WithAuthError(AuthStatus.BadCredential);
        Assert.Equal((RpcStatus.AuthError, (AcceptStatus?)null, (AuthStatus?)AuthStatus.BadCredential), (auth.Status, auth.AcceptStatus, auth.AuthStatus));
        RpcCallRejectedException none = RpcCallRejectedException.NoReply();
        Assert.Equal((RpcStatus.TimedOut, (AcceptStatus?)null, (AuthStatus?)null), (none.Status, none.AcceptStatus, none.AuthStatus));
    }

    /// <summary>Everything a caller can read from the exception, as one comparable value.</summary>
    internal static string Describe(RpcException e) => e switch
    {
        RpcProgramMismatchException m => $"{e.Status}|{e.Message}|{m.Low}-{m.High}",
        RpcVersionMismatchException v => $"{e.Status}|{e.Message}|{v.Low}-{v.High}",
        RpcAuthenticationException a => $"{e.Status}|{e.Message}|{a.AuthStatus}",
        RpcCallRejectedException r => $"{e.Status}|{e.Message}|{r.AcceptStatus}|{r.AuthStatus}",
        RpcTlsException t => $"{e.Status}|{e.Message}|{t.Error}",
        _ => $"{e.Status}|{e.Message}",
    };

    private sealed class OwnRpcException() : RpcException(RpcStatus.Failed, "own");
}
