namespace OncRpc.Framing;

/// <summary>Receives the records that a <see cref="RecordReader"/> reads, one at a time.</summary>
public interface IRecordHandler
{
    /// <summary>Processes one complete record.</summary>
    /// <param name="record">The payload of the record, fragments joined, record marks removed. It is valid only during this call: decode it, or copy what must outlive the call.</param>
    /// <remarks>The call is synchronous, on the reading thread; the next record is not read until it returns. An exception thrown here ends <see cref="RecordReader.RunAsync"/> and propagates to its caller.</remarks>
    void OnRecord(ReadOnlySpan<byte> record);
}
