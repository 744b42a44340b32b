namespace ShowMount;

/// <summary>
/// The C tool's <c>argv[0]</c>, which its diagnostics and usage text print: the first word of
/// <c>/proc/self/cmdline</c> for the NativeAOT program, "showmount" when run as <c>dotnet showmount.dll</c>.
/// </summary>
internal static class ProgramName
{
    public static string Get()
    {
        try
        {
            byte[] cmdline = File.ReadAllBytes("/proc/self/cmdline");
            int end = Array.IndexOf(cmdline, (byte)0);
            string first = System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
            return first.Length == 0 || Path.GetFileName(first) is "dotnet" ? "showmount" : first;
        }
        catch (IOException)
        {
            return "showmount";
        }
        catch (UnauthorizedAccessException)
        {
            return "showmount";
        }
    }
}
