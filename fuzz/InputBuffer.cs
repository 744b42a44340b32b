namespace OncRpc.Fuzz;

/// <summary>Reads afl-fuzz's input stream into one reused buffer, so reading costs no allocation per input.</summary>
internal sealed class InputBuffer
{
    private byte[] _buffer = new byte[64 * 1024];

    public ReadOnlySpan<byte> ReadAll(Stream stream)
    {
        int length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            int read = stream.Read(_buffer, length, _buffer.Length - length);
            if (read == 0)
            {
                return _buffer.AsSpan(0, length);
            }

            length += read;
        }
    }
}
