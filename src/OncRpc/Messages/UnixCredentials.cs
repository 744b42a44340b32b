using System.Runtime.InteropServices;

namespace OncRpc.Messages;

/// <summary>The user and group ids of the current process, from the C library (Unix only).</summary>
/// <remarks>Only blittable signatures, so no marshalling code is needed under NativeAOT or trimming.</remarks>
internal static unsafe class UnixCredentials
{
    // NGROUPS_MAX on Linux; anything above it is a broken answer, not a reason to allocate.
    private const int MaxGroups = 65536;

    public static uint GetEffectiveUserId() => geteuid();

    public static uint GetEffectiveGroupId() => getegid();

    public static uint[] GetSupplementaryGroups(int maxCount)
    {
        // The group list can change between the two calls; retry a few times, then settle for none.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int count = getgroups(0, null);
            if (count <= 0 || count > MaxGroups)
            {
                return [];
            }

            uint[] groups = new uint[count];
            int got;
            fixed (uint* p = groups)
            {
                got = getgroups(count, p);
            }

            if (got >= 0)
            {
                int keep = Math.Min(got, maxCount);
                return keep == groups.Length ? groups : groups.AsSpan(0, keep).ToArray();
            }
        }

        return [];
    }

#pragma warning disable SA1300, IDE1006 // C names
    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc")]
    private static extern uint getegid();

    [DllImport("libc")]
    private static extern int getgroups(int size, uint* list);
#pragma warning restore SA1300, IDE1006
}
