using RpcInfo;
using Xunit;

namespace RpcInfo.Tests;

public sealed class CNumbersTests
{
    [Theory]
    [InlineData("12", 12L, 2)]
    [InlineData(" +7", 7L, 3)]
    [InlineData("-5x", -5L, 2)]
    [InlineData("", 0L, 0)]
    [InlineData("x1", 0L, 0)]
    [InlineData("-", 0L, 0)]
    [InlineData("99999999999999999999999", long.MaxValue, 23)]
    [InlineData("-99999999999999999999999", long.MinValue, 24)]
    public void StrToL_behaves_like_C(string text, long expected, int expectedEnd)
    {
        Assert.Equal(expected, CNumbers.StrToL(text, out int end));
        Assert.Equal(expectedEnd, end);
    }
}
