using System.Collections.ObjectModel;
using System.Runtime.InteropServices;
using OncRpc.Xdr;

namespace OncRpc.Messages;

/// <summary>
/// The body of an <c>AUTH_SYS</c> credential (<c>authsys_parms</c> in RFC 5531): a stamp, the caller's machine
/// name, user id, group id and supplementary group ids.
/// </summary>
/// <remarks>
/// Instances are immutable. The limits of the protocol (a machine name of at most
/// <see cref="MaxMachineNameLength"/> bytes in UTF-8, at most <see cref="MaxGroupCount"/> supplementary groups)
/// are checked when an instance is created, encoded and decoded. AUTH_SYS proves nothing about the caller: a
/// server should trust it only as far as it trusts the network.
/// </remarks>
public sealed class AuthSysParameters : IEquatable<AuthSysParameters>
{
    /// <summary>The longest machine name, in bytes of UTF-8.</summary>
    public const int MaxMachineNameLength = 255;

    /// <summary>The largest number of supplementary group ids.</summary>
    public const int MaxGroupCount = 16;

    private static readonly ReadOnlyCollection<uint> NoGroups = new(Array.Empty<uint>());

    private readonly ReadOnlyCollection<uint> _gids;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="stamp">An arbitrary id the caller chooses, conventionally the time the credential was made.</param>
    /// <param name="machineName">The caller's host name, at most <see cref="MaxMachineNameLength"/> bytes in UTF-8.</param>
    /// <param name="uid">The caller's effective user id.</param>
    /// <param name="gid">The caller's effective group id.</param>
    /// <param name="gids">The caller's supplementary group ids, at most <see cref="MaxGroupCount"/>; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="machineName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The machine name is too long or not encodable as UTF-8, or there are too many group ids.</exception>
    public AuthSysParameters(uint stamp, string machineName, uint uid, uint gid, IEnumerable<uint>? gids = null)
    {
        if (machineName is null)
        {
            throw new ArgumentNullException(nameof(machineName));
        }

        int nameBytes = XdrWriter.ByteCount(machineName);
        if (nameBytes > MaxMachineNameLength)
        {
            throw new ArgumentException($"The machine name is {nameBytes} bytes long in UTF-8; AUTH_SYS allows at most {MaxMachineNameLength}.", nameof(machineName));
        }

        uint[] copy = gids is null ? [] : gids.ToArray();
        if (copy.Length > MaxGroupCount)
        {
            throw new ArgumentException($"{copy.Length} group ids were given; AUTH_SYS allows at most {MaxGroupCount}.", nameof(gids));
        }

        Stamp = stamp;
        MachineName = machineName;
        Uid = uid;
        Gid = gid;
        _gids = copy.Length == 0 ? NoGroups : new ReadOnlyCollection<uint>(copy);
    }

    /// <summary>Gets the codec of <c>authsys_parms</c>.</summary>
    public static IXdrCodec<AuthSysParameters> Codec { get; } = new AuthSysCodec();

    /// <summary>Gets the stamp: an arbitrary id the caller chose, conventionally the time the credential was made.</summary>
    public uint Stamp { get; }

    /// <summary>Gets the caller's machine name.</summary>
    public string MachineName { get; }

    /// <summary>Gets the caller's effective user id.</summary>
    public uint Uid { get; }

    /// <summary>Gets the caller's effective group id.</summary>
    public uint Gid { get; }

    /// <summary>Gets the caller's supplementary group ids (at most <see cref="MaxGroupCount"/>).</summary>
    public IReadOnlyList<uint> Gids => _gids;

    /// <summary>
    /// Creates the parameters of the current process: its effective user and group ids and up to
    /// <see cref="MaxGroupCount"/> of its supplementary groups, the machine name (cut to
    /// <see cref="MaxMachineNameLength"/> bytes) and the current time in seconds since 1970 as the stamp.
    /// </summary>
    /// <returns>The parameters.</returns>
    /// <exception cref="PlatformNotSupportedException">The operating system has no Unix user and group ids (for example Windows).</exception>
    public static AuthSysParameters ForCurrentProcess()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            throw new PlatformNotSupportedException("AUTH_SYS credentials of the current process are available only on Unix.");
        }

        uint uid;
        uint gid;
        uint[] groups;
        try
        {
            uid = UnixCredentials.GetEffectiveUserId();
            gid = UnixCredentials.GetEffectiveGroupId();
            groups = UnixCredentials.GetSupplementaryGroups(MaxGroupCount);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new PlatformNotSupportedException("The C library that provides the user and group ids of the process could not be loaded.", ex);
        }

        uint stamp = unchecked((uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        return new AuthSysParameters(stamp, TruncateUtf8(Environment.MachineName, MaxMachineNameLength), uid, gid, groups);
    }

    /// <summary>Decodes the body of an <c>AUTH_SYS</c> credential.</summary>
    /// <param name="credential">The credential; its flavor must be <see cref="AuthFlavor.Sys"/>.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentException">The credential's flavor is not <see cref="AuthFlavor.Sys"/>.</exception>
    /// <exception cref="XdrException">The body is malformed, breaks a limit or has bytes left over; a server answers this with <see cref="AuthStatus.BadCredential"/>.</exception>
    public static AuthSysParameters FromOpaqueAuth(OpaqueAuth credential)
    {
        if (credential.Flavor != AuthFlavor.Sys)
        {
            throw new ArgumentException($"The credential's flavor is {credential.Flavor}, not {AuthFlavor.Sys}.", nameof(credential));
        }

        var reader = new XdrReader(credential.Body.Span);
        AuthSysParameters value = Read(ref reader);
        reader.ReadEnd();
        return value;
    }

    /// <summary>Encodes these parameters as an <c>AUTH_SYS</c> credential.</summary>
    /// <returns>The credential, whose body is a new array.</returns>
    public OpaqueAuth ToOpaqueAuth()
    {
        byte[] body = new byte[GetEncodedSize()];
        var writer = new XdrWriter(body);
        Write(ref writer);
        return new OpaqueAuth(AuthFlavor.Sys, body);
    }

    /// <summary>Determines whether <paramref name="other"/> has the same stamp, machine name, ids and group ids in the same order.</summary>
    /// <param name="other">The parameters to compare with.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Equals(AuthSysParameters? other) =>
        other is not null &&
        Stamp == other.Stamp &&
        Uid == other.Uid &&
        Gid == other.Gid &&
        string.Equals(MachineName, other.MachineName, StringComparison.Ordinal) &&
        _gids.SequenceEqual(other._gids);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as AuthSysParameters);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        unchecked((int)Stamp ^ ((int)Uid * 31) ^ ((int)Gid * 961) ^ StringComparer.Ordinal.GetHashCode(MachineName) ^ _gids.Count);

    /// <summary>Returns a short description for diagnostics.</summary>
    /// <returns>The machine name, user id, group id and group ids.</returns>
    public override string ToString() =>
        $"AUTH_SYS {MachineName} uid={Uid} gid={Gid} gids=[{string.Join(",", _gids)}] stamp={Stamp}";

    private static AuthSysParameters Read(ref XdrReader reader)
    {
        int start = reader.Position;
        try
        {
            uint stamp = reader.ReadUInt32();
            string machineName = reader.ReadString(MaxMachineNameLength);
            uint uid = reader.ReadUInt32();
            uint gid = reader.ReadUInt32();
            uint[] gids = reader.ReadArray(XdrCodec.UInt32, MaxGroupCount);
            return new AuthSysParameters(stamp, machineName, uid, gid, gids);
        }
        catch (XdrException)
        {
            reader.Position = start;
            throw;
        }
    }

    private static string TruncateUtf8(string value, int maxBytes)
    {
        if (XdrWriter.ByteCount(value) <= maxBytes)
        {
            return value;
        }

        int bytes = 0;
        int i = 0;
        while (i < value.Length)
        {
            int width = char.IsHighSurrogate(value[i]) && i + 1 < value.Length ? 2 : 1;
            int size = XdrWriter.ByteCount(value.Substring(i, width));
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            i += width;
        }

        return value.Substring(0, i);
    }

    // stamp, uid, gid and the group count, plus the name and the groups
    private int GetEncodedSize() => 16 + XdrSize.String(MachineName) + (4 * _gids.Count);

    private void Write(ref XdrWriter writer)
    {
        writer.WriteUInt32(Stamp);
        writer.WriteString(MachineName, MaxMachineNameLength);
        writer.WriteUInt32(Uid);
        writer.WriteUInt32(Gid);
        writer.WriteUInt32((uint)_gids.Count);
        foreach (uint g in _gids)
        {
            writer.WriteUInt32(g);
        }
    }

    private sealed class AuthSysCodec : IXdrCodec<AuthSysParameters>
    {
        public AuthSysParameters Read(ref XdrReader reader) => AuthSysParameters.Read(ref reader);

        public void Write(ref XdrWriter writer, AuthSysParameters value)
        {
            if (value is null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            value.Write(ref writer);
        }

        public int GetEncodedSize(AuthSysParameters value) =>
            (value ?? throw new ArgumentNullException(nameof(value))).GetEncodedSize();
    }
}
