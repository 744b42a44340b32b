using System.Net;

namespace OncRpc.Server;

/// <summary>An endpoint an <see cref="RpcServer"/> listens on, with its transport.</summary>
public readonly struct RpcServerEndPoint : IEquatable<RpcServerEndPoint>
{
    /// <summary>Initializes a new value.</summary>
    /// <param name="endPoint">The bound endpoint.</param>
    /// <param name="transport">The transport served there.</param>
    public RpcServerEndPoint(EndPoint endPoint, RpcTransportKind transport)
    {
        EndPoint = endPoint ?? throw new ArgumentNullException(nameof(endPoint));
        Transport = transport;
    }

    /// <summary>Gets the bound endpoint (with the port the system chose when 0 was asked for).</summary>
    public EndPoint EndPoint { get; }

    /// <summary>Gets the transport served at the endpoint.</summary>
    public RpcTransportKind Transport { get; }

    /// <summary>Compares two values for equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both name the same endpoint and transport.</returns>
    public static bool operator ==(RpcServerEndPoint left, RpcServerEndPoint right) => left.Equals(right);

    /// <summary>Compares two values for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(RpcServerEndPoint left, RpcServerEndPoint right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(RpcServerEndPoint other) => Transport == other.Transport && Equals(EndPoint, other.EndPoint);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RpcServerEndPoint other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((EndPoint?.GetHashCode() ?? 0) * 31) ^ (int)Transport;

    /// <inheritdoc/>
    public override string ToString() => $"{Transport} {EndPoint}";
}
