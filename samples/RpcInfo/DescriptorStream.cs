using System.Runtime.InteropServices;

namespace RpcInfo;

/// <summary>
/// Standard output or error written with <c>write(2)</c>, as the C tool's stdio does. A <see cref="FileStream"/> on
/// the descriptor would keep a write position of its own and write at it: redirected to a file, it would neither
/// move the offset the descriptor shares with the shell (<c>{ rpcinfo -p; echo done; } &gt; f</c> lost the start of
/// the output to <c>done</c>) nor see the other descriptor's writes (<c>&gt; f 2&gt;&amp;1</c> overwrote one with the
/// other). <see cref="Console"/> would do, but its start-up also sets up terminal handling that rpcinfo does not need.
/// </summary>
internal sealed unsafe class DescriptorStream : Stream
{
    private const int Eintr = 4;
    private readonly int _fd;

    public DescriptorStream(int fd) => _fd = fd;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint written = write(_fd, start + done, buffer.Length - done);
                if (written >= 0)
                {
                    done += (int)written;
                    continue;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != Eintr)
                {
                    throw new IOException($"write to descriptor {_fd} failed (errno {errno}).", errno);
                }
            }
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

#pragma warning disable SA1300, IDE1006 // C names
    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte* buffer, nint count);
#pragma warning restore SA1300, IDE1006
}
