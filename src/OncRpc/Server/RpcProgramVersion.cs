namespace OncRpc.Server;

/// <summary>A program number and one of its versions, as registered with an <see cref="RpcServer"/>.</summary>
public readonly struct RpcProgramVersion : IEquatable<RpcProgramVersion>
{
    /// <summary>Initializes a new value.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program version.</param>
    public RpcProgramVersion(uint program, uint version)
    {
        Program = program;
        Version = version;
    }

    /// <summary>Gets the program number.</summary>
    public uint Program { get; }

    /// <summary>Gets the program version.</summary>
    public uint Version { get; }

    /// <summary>Compares two values for equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both are equal.</returns>
    public static bool operator ==(RpcProgramVersion left, RpcProgramVersion right) => left.Equals(right);

    /// <summary>Compares two values for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(RpcProgramVersion left, RpcProgramVersion right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(RpcProgramVersion other) => Program == other.Program && Version == other.Version;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RpcProgramVersion other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked((int)(Program * 31) ^ (int)Version);

    /// <inheritdoc/>
    public override string ToString() => $"{Program} v{Version}";
}
