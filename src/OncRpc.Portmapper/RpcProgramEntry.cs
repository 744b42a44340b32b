namespace OncRpc.Portmapper;

/// <summary>One line of the RPC program name database (<c>/etc/rpc</c>): a program number, its name and its aliases.</summary>
/// <param name="Name">The official name, for example <c>portmapper</c>.</param>
/// <param name="Number">The program number, for example 100000.</param>
/// <param name="Aliases">Other names of the program, for example <c>portmap</c>, <c>sunrpc</c>, <c>rpcbind</c>.</param>
public sealed record RpcProgramEntry(string Name, uint Number, IReadOnlyList<string> Aliases)
{
    /// <summary>Gets the official name.</summary>
    public string Name { get; init; } = Name ?? throw new ArgumentNullException(nameof(Name));

    /// <summary>Gets the other names of the program.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = Aliases ?? throw new ArgumentNullException(nameof(Aliases));

    /// <inheritdoc/>
    public bool Equals(RpcProgramEntry? other) =>
        other is not null && Name == other.Name && Number == other.Number && Aliases.SequenceEqual(other.Aliases);

    /// <inheritdoc/>
    public override int GetHashCode() => HashHelper.Combine(HashHelper.String(Name), (int)Number, Aliases.Count);
}
