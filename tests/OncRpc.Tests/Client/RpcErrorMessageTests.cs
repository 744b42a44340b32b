using OncRpc.Client;
using OncRpc.Messages;
using Xunit;

namespace OncRpc.Tests.Client;

/// <summary>The exception texts match libtirpc's clnt_sperror, so tools can print them unchanged.</summary>
public sealed class RpcErrorMessageTests
{
    [Fact]
    public void Program_mismatch_reads_like_libtirpc()
    {
        var error = new RpcProgramMismatchException(1, 1);
        Assert.Equal("RPC: Program/version mismatch; low version = 1, high version = 1", error.Message);
        Assert.Equal(RpcStatus.ProgramVersionMismatch, error.Status);
    }

    [Fact]
    public void Rpc_version_mismatch_reads_like_libtirpc()
    {
        var error = new RpcVersionMismatchException(2, 2);
        Assert.Equal("RPC: Incompatible versions of RPC; low version = 2, high version = 2", error.Message);
        Assert.Equal(RpcStatus.VersionMismatch, error.Status);
    }

    [Theory]
    [InlineData(AuthStatus.BadCredential, "RPC: Authentication error; why = Invalid client credential")]
    [InlineData(AuthStatus.RejectedCredential, "RPC: Authentication error; why = Server rejected credential")]
    [InlineData(AuthStatus.TooWeak, "RPC: Authentication error; why = Client credential too weak")]
    [InlineData(AuthStatus.Failed, "RPC: Authentication error; why = Failed (unspecified error)")]
    [InlineData(AuthStatus.GssContextProblem, "RPC: Authentication error; why = (unknown authentication error - 14)")]
    public void Authentication_error_reads_like_libtirpc(AuthStatus status, string expected)
    {
        var error = new RpcAuthenticationException(status);
        Assert.Equal(expected, error.Message);
        Assert.Equal(status, error.AuthStatus);
        Assert.Equal(RpcStatus.AuthError, error.Status);
    }

    [Theory]
    [InlineData(1, RpcStatus.ProgramUnavailable, "RPC: Program unavailable")]
    [InlineData(3, RpcStatus.ProcedureUnavailable, "RPC: Procedure unavailable")]
    [InlineData(4, RpcStatus.CantDecodeArguments, "RPC: Server can't decode arguments")]
    [InlineData(5, RpcStatus.SystemError, "RPC: Remote system error")]
    public void Accepted_failures_read_like_libtirpc(int acceptStatus, RpcStatus status, string expected)
    {
        RpcReplyHeader header = (AcceptStatus)acceptStatus switch
        {
            AcceptStatus.ProgramUnavailable => RpcReplyHeader.ProgramUnavailable(1),
            AcceptStatus.ProcedureUnavailable => RpcReplyHeader.ProcedureUnavailable(1),
            AcceptStatus.GarbageArguments => RpcReplyHeader.GarbageArguments(1),
            _ => RpcReplyHeader.SystemError(1),
        };
        RpcException error = RpcErrors.FromReply(header);
        Assert.Equal(status, error.Status);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Denied_replies_become_their_exception_types()
    {
        Assert.IsType<RpcVersionMismatchException>(RpcErrors.FromReply(RpcReplyHeader.RpcMismatch(1, 2, 2)));
        var auth = Assert.IsType<RpcAuthenticationException>(RpcErrors.FromReply(RpcReplyHeader.AuthError(1, AuthStatus.TooWeak)));
        Assert.Equal(AuthStatus.TooWeak, auth.AuthStatus);
    }
}
