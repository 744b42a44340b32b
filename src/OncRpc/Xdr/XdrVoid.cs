namespace OncRpc.Xdr;

/// <summary>The XDR <c>void</c> type: no value and no bytes on the wire, for procedures without arguments or results.</summary>
public readonly struct XdrVoid : IEquatable<XdrVoid>
{
    /// <summary>The only value.</summary>
    public static readonly XdrVoid Value;

    /// <summary>Always <see langword="true"/>: there is one value.</summary>
    /// <param name="other">Another value.</param>
    /// <returns><see langword="true"/>.</returns>
    public bool Equals(XdrVoid other) => true;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is XdrVoid;

    /// <inheritdoc/>
    public override int GetHashCode() => 0;

    /// <inheritdoc/>
    public override string ToString() => "void";
}
