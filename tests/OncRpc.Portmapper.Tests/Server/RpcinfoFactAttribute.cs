using Xunit;

namespace OncRpc.Portmapper.Tests.Server;

/// <summary>A fact that needs the C rpcinfo (and, with <c>remapRun</c>, a private mount namespace); skipped with a reason otherwise.</summary>
public sealed class RpcinfoFactAttribute : FactAttribute
{
    public RpcinfoFactAttribute(bool remapRun = false)
    {
        if (!ServiceTestHelpers.CanRunRpcinfo)
        {
            Skip = "/usr/sbin/rpcinfo is not installed (apt-get install rpcbind)";
        }
        else if (remapRun && !ServiceTestHelpers.CanRemapRun)
        {
            Skip = "needs root and unshare to point /run/rpcbind.sock at the test service";
        }
    }
}
