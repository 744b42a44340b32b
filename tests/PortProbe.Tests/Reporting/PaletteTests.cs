using PortProbe.Cli;
using PortProbe.Reporting;
using Xunit;

namespace PortProbe.Tests.Reporting;

public sealed class PaletteTests
{
    private static string? None(string name) => null;

    [Fact]
    public void Colour_only_on_a_terminal_by_default()
    {
        Assert.Same(Palette.On, Palette.Choose(ColorMode.Auto, true, None));
        Assert.Same(Palette.Off, Palette.Choose(ColorMode.Auto, false, None));
    }

    [Fact]
    public void NO_COLOR_with_any_value_turns_colour_off_even_when_forced()
    {
        string? NoColor(string name) => name == "NO_COLOR" ? "1" : null;
        Assert.Same(Palette.Off, Palette.Choose(ColorMode.Auto, true, NoColor));
        Assert.Same(Palette.Off, Palette.Choose(ColorMode.Always, true, NoColor));
    }

    [Fact]
    public void Empty_NO_COLOR_and_dumb_terminal_follow_the_convention()
    {
        Assert.Same(Palette.On, Palette.Choose(ColorMode.Auto, true, n => n == "NO_COLOR" ? "" : null));
        Assert.Same(Palette.Off, Palette.Choose(ColorMode.Auto, true, n => n == "TERM" ? "dumb" : null));
        Assert.Same(Palette.On, Palette.Choose(ColorMode.Always, false, None));
        Assert.Same(Palette.Off, Palette.Choose(ColorMode.Never, true, None));
    }
}
