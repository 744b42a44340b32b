using OncRpc.Server;

namespace OncRpc.Portmapper.Server;

/// <summary>
/// The registrations of an <see cref="RpcbindService"/> and who may change them: SET and UNSET only from loopback or
/// the Unix socket, UNSET only of the caller's own registrations unless the caller is root on the Unix socket.
/// </summary>
internal sealed class MappingRegistry
{
    /// <summary>The owner rpcbind records for root, and the one allowed to remove anyone's registrations.</summary>
    public const string Superuser = "superuser";

    /// <summary>The owner rpcbind records when the caller's user is unknown (over TCP and UDP).</summary>
    public const string UnknownOwner = "unknown";

    private readonly object _gate = new();
    private readonly List<RpcbindMapping> _mappings = [];

    /// <summary>The owner rpcbind records for a caller: <c>superuser</c> for root, the user id for other users of the Unix socket, <c>unknown</c> otherwise.</summary>
    public static string OwnerOf(RpcCallContext context) =>
        context.PeerUserId switch
        {
            0 => Superuser,
            uint uid => uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null => UnknownOwner,
        };

    /// <summary>Whether a caller may register or unregister at all: only from this machine.</summary>
    public static bool MayChange(RpcCallContext context) => context.IsLocal;

    /// <summary>Gets a snapshot of the registrations, in registration order.</summary>
    public RpcbindMapping[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _mappings];
        }
    }

    /// <summary>Adds a registration unless the program, version and netid are already registered.</summary>
    public bool Add(RpcbindMapping mapping)
    {
        lock (_gate)
        {
            foreach (RpcbindMapping m in _mappings)
            {
                if (m.Program == mapping.Program && m.Version == mapping.Version && m.NetId == mapping.NetId)
                {
                    return false;
                }
            }

            _mappings.Add(mapping);
            return true;
        }
    }

    /// <summary>
    /// Removes the registrations of a program version on a netid (all netids when empty) that <paramref name="owner"/>
    /// may remove: any when <paramref name="owner"/> is <see langword="null"/> (the embedding host) or the superuser.
    /// </summary>
    public bool Remove(uint program, uint version, string? netId, string? owner)
    {
        lock (_gate)
        {
            int removed = _mappings.RemoveAll(m =>
                m.Program == program && m.Version == version &&
                (string.IsNullOrEmpty(netId) || m.NetId == netId) &&
                (owner is null || owner == Superuser || m.Owner == owner));
            return removed > 0;
        }
    }

    /// <summary>rpcbind's lookup: the exact version if registered, else (unless <paramref name="exactVersion"/>) any version of the program on that netid.</summary>
    public RpcbindMapping? Find(uint program, uint version, string netId, bool exactVersion)
    {
        lock (_gate)
        {
            RpcbindMapping? hit = null;
            foreach (RpcbindMapping m in _mappings)
            {
                if (m.Program != program || !string.Equals(m.NetId, netId, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (m.Version == version)
                {
                    return m;
                }

                hit ??= exactVersion ? null : m;
            }

            return hit;
        }
    }
}
