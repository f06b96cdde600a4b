using System.Net;
using System.Net.Sockets;

namespace PetitionBot.Bot.Channels.BotFramework;

/// <summary>
/// Where the bot may post replies. A serviceUrl on loopback or a private network would let whoever controls an
/// activity make the bot call into its own machine or network (the database port, an admin page), so such addresses
/// are refused unless the Emulator mode or BotFramework:AllowPrivateServiceUrls allows them.
/// </summary>
internal static class ServiceUrls
{
    public static bool IsLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || AddressOf(uri) is { } ip && IPAddress.IsLoopback(ip));

    /// <summary>True when the URL names a loopback or private host literally (127.1, 2130706433, [::1], 10.x …, localhost).</summary>
    public static bool IsPrivate(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || AddressOf(uri) is { } ip && IsPrivate(ip));

    private static IPAddress? AddressOf(Uri uri) =>
        IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) ? ip : null;

    public static bool IsPrivate(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Broadcast)) return true;
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = ip.GetAddressBytes()[0];
            return ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6Multicast || (first & 0xFE) == 0xFC; // fc00::/7
        }
        var b = ip.GetAddressBytes();
        return b[0] is 0 or 10 or 127 || b[0] >= 224
               || (b[0] == 100 && b[1] is >= 64 and <= 127)
               || (b[0] == 169 && b[1] == 254)
               || (b[0] == 172 && b[1] is >= 16 and <= 31)
               || (b[0] == 192 && b[1] == 168);
    }

    /// <summary>
    /// Connects only to public addresses, checked after DNS resolution (a public name may resolve to a private address).
    /// </summary>
    public static SocketsHttpHandler PublicOnlyHandler(Func<bool> allowPrivate) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var usable = allowPrivate() ? addresses : addresses.Where(a => !IsPrivate(a)).ToArray();
            if (usable.Length == 0)
                throw new HttpRequestException($"Refusing to connect to {context.DnsEndPoint.Host}: it resolves to a loopback or private address.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
