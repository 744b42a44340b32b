using System.Text;
using ShowMount.Cli;

namespace ShowMount.Output;

/// <summary>
/// showmount's output: the export list with its paths padded to the longest one (printf's "%-*s", counted in
/// bytes), or the mount list sorted by strcmp (byte order) with duplicates removed, as "sort -u" would leave it.
/// A C string ends at its first NUL byte, and so does each string here.
/// </summary>
internal static class ListingWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteExports(TextWriter stdout, string host, bool headers, IReadOnlyList<ExportLine> exports)
    {
        if (headers)
        {
            stdout.Write($"Export list for {host}:\n");
        }

        int width = 0;
        foreach (ExportLine export in exports)
        {
            width = Math.Max(width, Utf8.GetByteCount(CString(export.Directory)));
        }

        var line = new StringBuilder();
        foreach (ExportLine export in exports)
        {
            line.Clear();
            string directory = CString(export.Directory);
            line.Append(directory).Append(' ', width - Utf8.GetByteCount(directory)).Append(' ');
            if (export.Groups.Count == 0)
            {
                line.Append("(everyone)");
            }

            for (int i = 0; i < export.Groups.Count; i++)
            {
                line.Append(CString(export.Groups[i]));
                if (i + 1 < export.Groups.Count)
                {
                    line.Append(',');
                }
            }

            line.Append('\n');
            stdout.Write(line);
        }
    }

    public static void WriteMounts(TextWriter stdout, string host, bool headers, ShowMountMode mode, IReadOnlyList<MountLine> mounts)
    {
        if (headers)
        {
            stdout.Write(mode switch
            {
                ShowMountMode.All => $"All mount points on {host}:\n",
                ShowMountMode.Directories => $"Directories on {host}:\n",
                _ => $"Hosts on {host}:\n",
            });
        }

        var lines = new byte[mounts.Count][];
        for (int i = 0; i < mounts.Count; i++)
        {
            MountLine m = mounts[i];
            string text = mode switch
            {
                ShowMountMode.All => CString(m.Host) + ":" + CString(m.Directory),
                ShowMountMode.Directories => CString(m.Directory),
                _ => CString(m.Host),
            };
            lines[i] = Utf8.GetBytes(text);
        }

        Array.Sort(lines, static (a, b) => a.AsSpan().SequenceCompareTo(b));
        for (int i = 0; i < lines.Length; i++)
        {
            if (i == 0 || !lines[i].AsSpan().SequenceEqual(lines[i - 1]))
            {
                stdout.Write(Utf8.GetString(lines[i]));
                stdout.Write('\n');
            }
        }
    }

    /// <summary>The string as C sees it: up to its first NUL.</summary>
    private static string CString(string s)
    {
        int nul = s.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? s : s.Substring(0, nul);
    }
}
