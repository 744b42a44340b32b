using System.Globalization;

namespace OncRpc;

/// <summary>
/// The exception that is thrown when the server does not speak the RPC protocol version of the call
/// (denied with RPC_MISMATCH). <see cref="Low"/> and <see cref="High"/> give the versions it speaks.
/// </summary>
public sealed class RpcVersionMismatchException : RpcException
{
    /// <summary>Initializes a new instance with the range of RPC protocol versions the server speaks.</summary>
    /// <param name="low">The lowest RPC protocol version the server speaks.</param>
    /// <param name="high">The highest RPC protocol version the server speaks.</param>
    public RpcVersionMismatchException(uint low, uint high)
        : base(
            RpcStatus.VersionMismatch,
            string.Format(CultureInfo.InvariantCulture, "RPC: Incompatible versions of RPC; low version = {0}, high version = {1}", low, high))
    {
        Low = low;
        High = high;
    }

    /// <summary>Gets the lowest RPC protocol version the server speaks.</summary>
    public uint Low { get; }

    /// <summary>Gets the highest RPC protocol version the server speaks.</summary>
    public uint High { get; }

    internal override RpcException CopyForCall() => new RpcVersionMismatchException(Low, High);
}
