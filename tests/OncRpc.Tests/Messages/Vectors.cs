using System.Buffers.Binary;
using OncRpc.Testing;

namespace OncRpc.Tests.Messages;

/// <summary>One row of the recorded rpcbind vectors, with the record mark of TCP rows removed.</summary>
internal sealed record Vector(string Name, string Transport, byte[] Request, byte[]? Reply)
{
    private static readonly Lazy<IReadOnlyList<Vector>> AllRows = new(Load);

    public static IReadOnlyList<Vector> All => AllRows.Value;

    public override string ToString() => Name + "/" + Transport;

    private static List<Vector> Load()
    {
        var rows = new List<Vector>();
        foreach (string line in File.ReadLines(RepositoryPaths.VectorsFile).Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] cols = line.Split('\t');
            string transport = cols[1];
            byte[] request = Unframe(Convert.FromHexString(cols[2]), transport);
            byte[]? reply = cols.Length > 3 && cols[3].Length > 0 ? Unframe(Convert.FromHexString(cols[3]), transport) : null;
            rows.Add(new Vector(cols[0], transport, request, reply));
        }

        return rows;
    }

    private static byte[] Unframe(byte[] bytes, string transport)
    {
        if (transport != "tcp")
        {
            return bytes;
        }

        // The recordings are single-fragment records: last-fragment bit set, length = the rest.
        uint mark = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (mark != (0x8000_0000u | (uint)(bytes.Length - 4)))
        {
            throw new InvalidDataException($"Unexpected record mark {mark:x8} for {bytes.Length} bytes.");
        }

        return bytes[4..];
    }
}
