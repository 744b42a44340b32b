using System.Runtime.InteropServices;

namespace OncRpc.Tests.Server;

/// <summary>Raises the process's open-file limit for tests that hold thousands of sockets (as root the hard limit can be raised too).</summary>
internal static class FileDescriptorLimit
{
    private const int RlimitNofile = 7;

    /// <summary>Makes sure at least <paramref name="wanted"/> descriptors may be open; returns the limit now in force.</summary>
    public static ulong EnsureAtLeast(ulong wanted)
    {
        if (!OperatingSystem.IsLinux() || GetRLimit(RlimitNofile, out RLimit limit) != 0)
        {
            return ulong.MaxValue;
        }

        if (limit.Current >= wanted)
        {
            return limit.Current;
        }

        var raised = new RLimit { Current = Math.Max(wanted, limit.Current), Maximum = Math.Max(wanted, limit.Maximum) };
        if (SetRLimit(RlimitNofile, in raised) != 0)
        {
            // Not root: the soft limit can still go up to the hard one.
            raised = new RLimit { Current = limit.Maximum, Maximum = limit.Maximum };
            _ = SetRLimit(RlimitNofile, in raised);
        }

        return GetRLimit(RlimitNofile, out limit) == 0 ? limit.Current : 0;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRLimit(int resource, in RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
