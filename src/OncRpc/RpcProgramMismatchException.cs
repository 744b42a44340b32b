using System.Globalization;

namespace OncRpc;

/// <summary>
/// The exception that is thrown when the server runs the program but not the requested version
/// (accepted with PROG_MISMATCH). <see cref="Low"/> and <see cref="High"/> give the versions it supports.
/// </summary>
public sealed class RpcProgramMismatchException : RpcException
{
    /// <summary>Initializes a new instance with the range of versions the server supports.</summary>
    /// <param name="low">The lowest version the server supports.</param>
    /// <param name="high">The highest version the server supports.</param>
    public RpcProgramMismatchException(uint low, uint high)
        : base(
            RpcStatus.ProgramVersionMismatch,
            string.Format(CultureInfo.InvariantCulture, "RPC: Program/version mismatch; low version = {0}, high version = {1}", low, high))
    {
        Low = low;
        High = high;
    }

    /// <summary>Gets the lowest version of the program the server supports.</summary>
    public uint Low { get; }

    /// <summary>Gets the highest version of the program the server supports.</summary>
    public uint High { get; }

    internal override RpcException CopyForCall() => new RpcProgramMismatchException(Low, High);
}
