using OncRpc.Framing;

namespace OncRpc.Tests.Framing;

/// <summary>Collects copies of the records it is given.</summary>
internal sealed class RecordingHandler : IRecordHandler
{
    public List<byte[]> Records { get; } = [];

    public void OnRecord(ReadOnlySpan<byte> record) => Records.Add(record.ToArray());
}
