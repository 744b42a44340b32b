namespace PortProbe.Reporting;

/// <summary>ANSI colours, or empty strings when colour is off, so the writers never branch on it.</summary>
internal sealed class Palette
{
    private Palette(bool on)
    {
        Red = on ? "\e[1;31m" : "";
        Yellow = on ? "\e[33m" : "";
        Green = on ? "\e[32m" : "";
        Magenta = on ? "\e[35m" : "";
        Bold = on ? "\e[1m" : "";
        Dim = on ? "\e[2m" : "";
        Reset = on ? "\e[0m" : "";
    }

    public static Palette Off { get; } = new(false);

    public static Palette On { get; } = new(true);

    public string Red { get; }

    public string Yellow { get; }

    public string Green { get; }

    public string Magenta { get; }

    public string Bold { get; }

    public string Dim { get; }

    public string Reset { get; }

    /// <summary>
    /// Colour only where a person reads it: a terminal, no NO_COLOR (any non-empty value, see no-color.org), not a
    /// dumb terminal. <c>always</c> overrides the terminal test but still yields to NO_COLOR.
    /// </summary>
    public static Palette Choose(Cli.ColorMode mode, bool outputIsTerminal, Func<string, string?> environment)
    {
        if (mode == Cli.ColorMode.Never || !string.IsNullOrEmpty(environment("NO_COLOR")))
        {
            return Off;
        }

        if (mode == Cli.ColorMode.Always)
        {
            return On;
        }

        return outputIsTerminal && environment("TERM") != "dumb" ? On : Off;
    }
}
