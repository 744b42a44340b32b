using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// Authentication bodies: opaque_auth, authsys_parms as a credential body, and the verifier a server returns,
/// which an AUTH_SYS client turns into an AUTH_SHORT credential. Layout: [selector][bytes].
/// </summary>
internal sealed class AuthTarget : FuzzTarget
{
    private static readonly AuthSysParameters Caller = new(1000, "fuzz", 1000, 1000, [1000, 27]);

    public override string Name => "auth";

    public override string Description => "OpaqueAuth.Codec, AuthSysParameters (codec and FromOpaqueAuth), and RpcAuth's handling of reply verifiers";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0)
        {
            return;
        }

        ReadOnlySpan<byte> body = input.Slice(1);
        switch (input[0] % 4)
        {
            case 0:
            {
                var reader = new XdrReader(body);
                OpaqueAuth auth = OpaqueAuth.Codec.Read(ref reader);
                _ = auth.ToString();
                if (auth.Flavor == AuthFlavor.Sys)
                {
                    _ = AuthSysParameters.FromOpaqueAuth(auth).ToString();
                }

                break;
            }

            case 1:
            {
                var reader = new XdrReader(body);
                AuthSysParameters sys = AuthSysParameters.Codec.Read(ref reader);
                if (!AuthSysParameters.FromOpaqueAuth(sys.ToOpaqueAuth()).Equals(sys))
                {
                    throw new FuzzFindingException($"{sys} does not read back the same after writing");
                }

                break;
            }

            case 2:
                if (body.Length <= OpaqueAuth.MaxBodyLength)
                {
                    _ = AuthSysParameters.FromOpaqueAuth(new OpaqueAuth(AuthFlavor.Sys, body.ToArray()));
                }

                break;
            default:
            {
                // The server's reply verifier: AUTH_SHORT switches the client to a short-hand credential.
                var reader = new XdrReader(body);
                OpaqueAuth verifier = OpaqueAuth.Codec.Read(ref reader);
                RpcAuth auth = RpcAuth.Sys(Caller);
                auth.OnReplyVerifier(verifier);
                _ = auth.Credential;
                _ = auth.FullCredential;
                auth.OnAuthError(AuthStatus.RejectedCredential);
                break;
            }
        }
    }

    public override IEnumerable<byte[]> Seeds(SeedSources sources)
    {
        var sys = new AuthSysParameters(0, "localhost", 0, 0, [0, 1, 2]);
        byte[] body = sys.ToOpaqueAuth().Body.ToArray();
        byte[] opaque = [0, 0, 0, 1, 0, 0, 0, (byte)body.Length, .. body];
        byte[] shortVerifier = [0, 0, 0, 2, 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8];
        yield return [0, .. opaque];
        yield return [1, .. body];
        yield return [2, .. body];
        yield return [3, .. shortVerifier];
        yield return [3, 0, 0, 0, 0, 0, 0, 0, 0];
        foreach (byte[] blob in sources.TestBlobs.Take(40))
        {
            yield return [(byte)(blob.Length % 4), .. blob];
        }
    }
}
