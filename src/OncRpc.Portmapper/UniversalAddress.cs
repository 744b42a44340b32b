using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OncRpc.Portmapper;

/// <summary>
/// A universal address (RFC 5665): the text form in which rpcbind exchanges transport addresses. IPv4 addresses
/// read <c>h1.h2.h3.h4.p1.p2</c>, IPv6 addresses are any RFC 4291 text form (with an optional <c>%zone</c>)
/// followed by <c>.p1.p2</c>, where the port is <c>p1 * 256 + p2</c>; local transports use a file system path.
/// </summary>
/// <remarks>Instances are immutable. Equality compares the family, the address bytes, the zone text, the port and the path.</remarks>
public sealed class UniversalAddress : IEquatable<UniversalAddress>
{
    // sun_path holds 108 bytes on Linux, the path's terminating NUL included: a longer path names no socket, and
    // .NET's UnixDomainSocketEndPoint refuses it with an ArgumentOutOfRangeException.
    private const int MaxPathBytes = 107;

    private UniversalAddress(AddressFamily addressFamily, IPAddress? address, string? zone, int port, string? path)
    {
        AddressFamily = addressFamily;
        Address = address;
        Zone = zone;
        Port = port;
        Path = path;
    }

    /// <summary>Gets the family: <see cref="AddressFamily.InterNetwork"/>, <see cref="AddressFamily.InterNetworkV6"/> or <see cref="AddressFamily.Unix"/> for a local path.</summary>
    public AddressFamily AddressFamily { get; }

    /// <summary>Gets the IP address, or <see langword="null"/> for a local path. An IPv6 address carries the scope of <see cref="Zone"/> when it names a known interface or is a number.</summary>
    public IPAddress? Address { get; }

    /// <summary>Gets the IPv6 zone as written after <c>%</c> (an interface name or number), or <see langword="null"/>.</summary>
    public string? Zone { get; }

    /// <summary>Gets the port, 0 to 65535; 0 for a local path.</summary>
    public int Port { get; }

    /// <summary>Gets the file system path of a local address, or <see langword="null"/> for an IP address.</summary>
    public string? Path { get; }

    /// <summary>Gets a value indicating whether this is a local (Unix domain socket) path.</summary>
    public bool IsLocal => AddressFamily == AddressFamily.Unix;

    /// <summary>Parses a universal address.</summary>
    /// <param name="value">The universal address, for example <c>127.0.0.1.0.111</c>, <c>::1.3.1</c> or <c>/run/rpcbind.sock</c>.</param>
    /// <param name="netId">The netid the address belongs to, which fixes the expected family; <see langword="null"/> or an unknown netid infers the family from the text (a leading <c>/</c> is a path, a <c>:</c> means IPv6, otherwise IPv4).</param>
    /// <returns>The address.</returns>
    /// <exception cref="FormatException"><paramref name="value"/> is not a valid universal address of the expected family.</exception>
    public static UniversalAddress Parse(string value, string? netId = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        return TryParseCore(value, netId, out UniversalAddress? result, out string? error) ? result : throw new FormatException(error);
    }

    /// <summary>Tries to parse a universal address, inferring the family from the text.</summary>
    /// <param name="value">The universal address.</param>
    /// <param name="result">When this method returns <see langword="true"/>, the address.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid universal address.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out UniversalAddress? result) =>
        TryParse(value, null, out result);

    /// <summary>Tries to parse a universal address of a netid.</summary>
    /// <param name="value">The universal address.</param>
    /// <param name="netId">The netid the address belongs to; see <see cref="Parse(string, string?)"/>.</param>
    /// <param name="result">When this method returns <see langword="true"/>, the address.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid universal address of the expected family.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, string? netId, [NotNullWhen(true)] out UniversalAddress? result)
    {
        if (value is null)
        {
            result = null;
            return false;
        }

        return TryParseCore(value, netId, out result, out _);
    }

    /// <summary>Creates the universal address of an IP address and port.</summary>
    /// <param name="address">An IPv4 or IPv6 address; an IPv6 scope id becomes the numeric <see cref="Zone"/>.</param>
    /// <param name="port">The port, 0 to 65535.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentException"><paramref name="address"/> is neither IPv4 nor IPv6.</exception>
    public static UniversalAddress FromIPAddress(IPAddress address, int port)
    {
        if (address is null)
        {
            throw new ArgumentNullException(nameof(address));
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), "A port lies between 0 and 65535.");
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => new UniversalAddress(AddressFamily.InterNetwork, address, null, port, null),
            AddressFamily.InterNetworkV6 => new UniversalAddress(
                AddressFamily.InterNetworkV6,
                address,
                address.ScopeId != 0 ? address.ScopeId.ToString(CultureInfo.InvariantCulture) : null,
                port,
                null),
            _ => throw new ArgumentException($"Universal addresses describe IPv4 and IPv6 addresses, not {address.AddressFamily}.", nameof(address)),
        };
    }

    /// <summary>Creates the universal address of a local (Unix domain socket) path.</summary>
    /// <param name="path">The path, for example <c>/run/rpcbind.sock</c>.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, contains a NUL character or is longer than a Unix domain socket path (107 bytes in UTF-8).</exception>
    public static UniversalAddress FromPath(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (path.Length == 0 || path.IndexOf('\0') >= 0 || Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            throw new ArgumentException($"A local address is a non-empty path of at most {MaxPathBytes} bytes without NUL characters.", nameof(path));
        }

        return new UniversalAddress(AddressFamily.Unix, null, null, 0, path);
    }

    /// <summary>Creates the universal address of an endpoint.</summary>
    /// <param name="endPoint">An <see cref="IPEndPoint"/> or a Unix domain socket endpoint.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentException">The endpoint is of another kind.</exception>
    public static UniversalAddress FromEndPoint(EndPoint endPoint)
    {
        switch (endPoint)
        {
            case null:
                throw new ArgumentNullException(nameof(endPoint));
            case IPEndPoint ip:
                return FromIPAddress(ip.Address, ip.Port);
#if NET
            case UnixDomainSocketEndPoint unix:
                return FromPath(unix.ToString());
#endif
            case { AddressFamily: AddressFamily.Unix }:
                return FromPath(PathOf(endPoint.Serialize()));
            default:
                throw new ArgumentException($"Universal addresses describe IP and Unix domain socket endpoints, not {endPoint.GetType().Name}.", nameof(endPoint));
        }
    }

    /// <summary>Converts the address to an endpoint: an <see cref="IPEndPoint"/>, or a Unix domain socket endpoint for a local path.</summary>
    /// <returns>The endpoint.</returns>
    /// <exception cref="PlatformNotSupportedException">The address is a local path and the platform has no Unix domain socket endpoint (netstandard2.0).</exception>
    public EndPoint ToEndPoint()
    {
        if (Address is not null)
        {
            return new IPEndPoint(Address, Port);
        }

#if NET
        return new UnixDomainSocketEndPoint(Path!);
#else
        throw new PlatformNotSupportedException("Unix domain socket endpoints need .NET Core 3.0 or later.");
#endif
    }

    /// <summary>Converts an IP universal address to an <see cref="IPEndPoint"/>.</summary>
    /// <returns>The endpoint.</returns>
    /// <exception cref="InvalidOperationException">The address is a local path.</exception>
    public IPEndPoint ToIPEndPoint() =>
        Address is not null ? new IPEndPoint(Address, Port) : throw new InvalidOperationException($"The local address '{Path}' is not an IP endpoint.");

    /// <summary>Formats the address in universal address form, for example <c>127.0.0.1.0.111</c> or <c>::1.3.1</c>.</summary>
    /// <returns>The universal address.</returns>
    public override string ToString()
    {
        if (Address is null)
        {
            return Path!;
        }

        string host = Address.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPAddress(Address.GetAddressBytes()).ToString() + (Zone is null ? string.Empty : "%" + Zone)
            : Address.ToString();
        return string.Concat(host, ".", (Port >> 8).ToString(CultureInfo.InvariantCulture), ".", (Port & 0xFF).ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc/>
    public bool Equals(UniversalAddress? other)
    {
        if (other is null || AddressFamily != other.AddressFamily || Port != other.Port ||
            !string.Equals(Zone, other.Zone, StringComparison.Ordinal) || !string.Equals(Path, other.Path, StringComparison.Ordinal))
        {
            return false;
        }

        return Address is null ? other.Address is null : other.Address is not null && Address.GetAddressBytes().AsSpan().SequenceEqual(other.Address.GetAddressBytes());
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as UniversalAddress);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        int address = 0;
        if (Address is not null)
        {
            foreach (byte b in Address.GetAddressBytes())
            {
                address = HashHelper.Combine(address, b);
            }
        }

        return HashHelper.Combine((int)AddressFamily, address, Port, HashHelper.String(Zone), HashHelper.String(Path));
    }

    private static bool TryParseCore(string value, string? netId, [NotNullWhen(true)] out UniversalAddress? result, [NotNullWhen(false)] out string? error)
    {
        AddressFamily family;
        if (NetId.TryGetInfo(netId, out NetIdInfo info))
        {
            family = info.AddressFamily;
        }
        else if (value.Length > 0 && value[0] == '/')
        {
            family = AddressFamily.Unix;
        }
        else
        {
            family = value.IndexOf(':') >= 0 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        }

        result = null;
        switch (family)
        {
            case AddressFamily.Unix:
                if (value.Length == 0 || value.IndexOf('\0') >= 0)
                {
                    error = $"'{Printable(value)}' is not a valid local universal address: expected a non-empty path without NUL characters.";
                    return false;
                }

                if (Encoding.UTF8.GetByteCount(value) > MaxPathBytes)
                {
                    error = $"'{Printable(value)}' is not a valid local universal address: a Unix domain socket path has at most {MaxPathBytes} bytes.";
                    return false;
                }

                result = new UniversalAddress(AddressFamily.Unix, null, null, 0, value);
                error = null;
                return true;

            case AddressFamily.InterNetwork:
                return TryParseIPv4(value, out result, out error);

            default:
                return TryParseIPv6(value, out result, out error);
        }
    }

    private static bool TryParseIPv4(string value, [NotNullWhen(true)] out UniversalAddress? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        Span<byte> parts = stackalloc byte[6];
        int count = 0;
        int start = 0;
        for (int i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && value[i] != '.')
            {
                continue;
            }

            if (count == 6 || !TryParseOctet(value, start, i - start, out parts[count]))
            {
                error = $"'{Printable(value)}' is not a valid IPv4 universal address: expected h1.h2.h3.h4.p1.p2 with six decimal numbers from 0 to 255.";
                return false;
            }

            count++;
            start = i + 1;
        }

        if (count != 6)
        {
            error = $"'{Printable(value)}' is not a valid IPv4 universal address: expected h1.h2.h3.h4.p1.p2 with six decimal numbers from 0 to 255.";
            return false;
        }

        var address = new IPAddress(parts.Slice(0, 4).ToArray());
        result = new UniversalAddress(AddressFamily.InterNetwork, address, null, (parts[4] << 8) | parts[5], null);
        error = null;
        return true;
    }

    private static bool TryParseIPv6(string value, [NotNullWhen(true)] out UniversalAddress? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        int last = value.LastIndexOf('.');
        int secondLast = last > 0 ? value.LastIndexOf('.', last - 1) : -1;
        if (secondLast <= 0 ||
            !TryParseOctet(value, secondLast + 1, last - secondLast - 1, out byte high) ||
            !TryParseOctet(value, last + 1, value.Length - last - 1, out byte low))
        {
            error = $"'{Printable(value)}' is not a valid IPv6 universal address: expected an IPv6 address followed by .p1.p2 (two decimal numbers from 0 to 255).";
            return false;
        }

        string host = value.Substring(0, secondLast);
        string? zone = null;
        int percent = host.IndexOf('%');
        if (percent >= 0)
        {
            zone = host.Substring(percent + 1);
            host = host.Substring(0, percent);
            if (!IsValidZone(zone))
            {
                error = $"'{Printable(value)}' is not a valid IPv6 universal address: the zone after '%' must be a non-empty interface name or number.";
                return false;
            }
        }

        // IPAddress.TryParse also accepts brackets, prefix lengths and short IPv4 forms; RFC 4291 text allows only these characters.
        bool textOk = host.IndexOf(':') >= 0;
        foreach (char c in host)
        {
            textOk &= c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F') or ':' or '.';
        }

        if (!textOk || !IPAddress.TryParse(host, out IPAddress? parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            error = $"'{Printable(value)}' is not a valid IPv6 universal address: '{Printable(host)}' is not an IPv6 address in RFC 4291 text form.";
            return false;
        }

        IPAddress address = parsed;
        if (zone is not null)
        {
            if (uint.TryParse(zone, NumberStyles.None, CultureInfo.InvariantCulture, out uint scope))
            {
                address = new IPAddress(parsed.GetAddressBytes(), scope);
            }
            else if (IPAddress.TryParse(host + "%" + zone, out IPAddress? scoped))
            {
                // The runtime maps an interface name to its index where the platform knows it.
                address = scoped;
            }
        }

        result = new UniversalAddress(AddressFamily.InterNetworkV6, address, zone, (high << 8) | low, null);
        error = null;
        return true;
    }

    private static bool TryParseOctet(string text, int start, int length, out byte value)
    {
        value = 0;
        if (length is < 1 or > 3)
        {
            return false;
        }

        int number = 0;
        for (int i = start; i < start + length; i++)
        {
            char c = text[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        if (number > 255)
        {
            return false;
        }

        value = (byte)number;
        return true;
    }

    private static bool IsValidZone(string zone)
    {
        if (zone.Length == 0)
        {
            return false;
        }

        foreach (char c in zone)
        {
            if (c <= ' ' || c == '%' || c == '/' || c > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static string PathOf(SocketAddress address)
    {
        // sockaddr_un: a 2-byte family, then the path up to its terminating NUL.
        var bytes = new byte[Math.Max(0, address.Size - 2)];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = address[i + 2];
        }

        int end = Array.IndexOf(bytes, (byte)0);
        return System.Text.Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
    }

    private static string Printable(string value)
    {
        const int Max = 80;
        var text = new System.Text.StringBuilder(Math.Min(value.Length, Max) + 3);
        for (int i = 0; i < value.Length && i < Max; i++)
        {
            char c = value[i];
            text.Append(c is < ' ' or (> '~' and < '\u00A0') ? '?' : c);
        }

        if (value.Length > Max)
        {
            text.Append("...");
        }

        return text.ToString();
    }
}
