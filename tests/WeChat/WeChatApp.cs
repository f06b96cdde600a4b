using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;

using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.WeChat;

/// <summary>
/// The bot with the WeChat channel configured against a loopback fake API, a temp SQLite file, a fake clock and a
/// fake engine (unless the real registrations are asked for), plus helpers that speak the callback protocol
/// the way WeChat does.
/// </summary>
public sealed class WeChatApp : TestApp
{
    public const string Token = "pbtesttoken";
    public const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string Account = "gh_bureau";

    private readonly bool _fakeTime;
    private int _nonce;

    public WeChatApp(FakeWeChatApi api, Action<Dictionary<string, string?>>? configure = null, bool realEngine = false,
        bool fakeTime = true, TestDatabase? database = null, Action<IServiceCollection>? services = null, Db? db = null)
        : this(api, configure, realEngine, fakeTime, NewClock(), database, services, db)
    {
    }

    private WeChatApp(FakeWeChatApi api, Action<Dictionary<string, string?>>? configure, bool realEngine, bool fakeTime,
        FakeTimeProvider clock, TestDatabase? database, Action<IServiceCollection>? services, Db? db)
        : base(database, fakeTime ? clock : null, fakeEngine: !realEngine, services, db: db)
    {
        Time = clock;
        _fakeTime = fakeTime;
        Settings["WeChat:Token"] = Token;
        Settings["WeChat:AppId"] = FakeWeChatApi.AppId;
        Settings["WeChat:AppSecret"] = FakeWeChatApi.AppSecret;
        Settings["WeChat:EncodingAESKey"] = AesKey;
        // Most tests speak both plain and encrypted; the safe-mode tests remove this.
        Settings["WeChat:Mode"] = "Compatible";
        Settings["WeChat:ApiBaseUrl"] = api.BaseUrl;
        configure?.Invoke(Settings);
        Cipher = new WeChatCipher(AesKey, FakeWeChatApi.AppId);
    }

    // Starts at the real time when this instance is made (not when the class was first used, which may be more than
    // five minutes earlier in a long run), so an instance on real time accepts the same timestamps (5-minute window).
    private static FakeTimeProvider NewClock() => new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public FakeTimeProvider Time { get; }
    public WeChatCipher Cipher { get; }

    private DateTimeOffset Now => _fakeTime ? Time.GetUtcNow() : DateTimeOffset.UtcNow;

    public string Timestamp => Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public string NextNonce() => Interlocked.Increment(ref _nonce).ToString(CultureInfo.InvariantCulture) + "731";

    // ---- the protocol, as WeChat speaks it ----

    public static string Text(string from, string content, long msgId) =>
        $"<xml><ToUserName><![CDATA[{Account}]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName>" +
        $"<CreateTime>1764036000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>" +
        $"<MsgId>{msgId}</MsgId></xml>";

    public static string Message(string from, string type, string fields, long? msgId = null, long createTime = 1764036000) =>
        $"<xml><ToUserName><![CDATA[{Account}]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName>" +
        $"<CreateTime>{createTime}</CreateTime><MsgType><![CDATA[{type}]]></MsgType>{fields}" +
        (msgId is null ? "" : $"<MsgId>{msgId}</MsgId>") + "</xml>";

    public static string Event(string from, string ev, string? key = null, long createTime = 1764036000) =>
        Message(from, "event", $"<Event><![CDATA[{ev}]]></Event>" + (key is null ? "" : $"<EventKey><![CDATA[{key}]]></EventKey>"),
            createTime: createTime);

    public string SignedQuery(string? timestamp = null, string? nonce = null)
    {
        timestamp ??= Timestamp;
        nonce ??= NextNonce();
        return $"signature={WeChatSignature.Compute(Token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}&openid=o";
    }

    public Task<HttpResponseMessage> PostPlainAsync(string xml, string? query = null, string path = "/wechat") =>
        CreateClient().PostAsync($"{path}?{query ?? SignedQuery()}", new StringContent(xml, Encoding.UTF8, "text/xml"));

    /// <summary>A safe-mode delivery: signature, encrypt_type=aes, msg_signature over the Encrypt value.</summary>
    public Task<HttpResponseMessage> PostSafeAsync(string innerXml, WeChatCipher? cipher = null, string? msgSignature = null,
        string path = "/wechat", bool compatible = false)
    {
        var encrypt = (cipher ?? Cipher).Encrypt(innerXml);
        var timestamp = Timestamp;
        var nonce = NextNonce();
        var signature = msgSignature ?? WeChatSignature.Compute(Token, timestamp, nonce, encrypt);
        var outer = compatible
            ? innerXml.Replace("</xml>", $"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>", StringComparison.Ordinal)
            : $"<xml><ToUserName><![CDATA[{Account}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
        var query = $"{SignedQuery(timestamp, nonce)}&encrypt_type=aes&msg_signature={signature}";
        return CreateClient().PostAsync($"{path}?{query}", new StringContent(outer, Encoding.UTF8, "text/xml"));
    }

    /// <summary>Checks the MsgSignature of an encrypted reply and returns the decrypted reply XML.</summary>
    public string OpenSafeReply(string body, WeChatCipher? cipher = null)
    {
        var envelope = XElement.Parse(body);
        var encrypt = envelope.Element("Encrypt")!.Value;
        var expected = WeChatSignature.Compute(Token, envelope.Element("TimeStamp")!.Value, envelope.Element("Nonce")!.Value, encrypt);
        Assert.Equal(expected, envelope.Element("MsgSignature")!.Value);
        Assert.True((cipher ?? Cipher).TryDecrypt(encrypt, out var xml, out var receiveId));
        Assert.Equal((cipher ?? Cipher).ReceiveId, receiveId);
        return xml;
    }

    public static string ContentOf(string replyXml) => XElement.Parse(replyXml).Element("Content")!.Value;

    /// <summary>Moves the fake clock in steps until the task completes (timers may be set after we start).</summary>
    public async Task<T> AdvanceUntilAsync<T>(Task<T> task, TimeSpan step)
    {
        for (var i = 0; i < 600 && !task.IsCompleted; i++)
        {
            Time.Advance(step);
            await Task.WhenAny(task, Task.Delay(50));
        }
        return await task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<T> WithDbAsync<T>(Func<PetitionDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<PetitionDbContext>());
    }

    /// <summary>Waits (bounded) for rows to appear that a background task writes.</summary>
    public async Task<List<OutboxMessage>> OutboxForAsync(string userId, int atLeast)
    {
        for (var i = 0; i < 200; i++)
        {
            var rows = await WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.UserId == userId).OrderBy(m => m.DedupKey).ToListAsync());
            if (rows.Count >= atLeast) return rows;
            await Task.Delay(50);
        }
        return [];
    }

    /// <summary>
    /// Waits (bounded) until the user's latest message is recorded: the passive reply goes out before that write,
    /// and the customer-service quota is counted from it.
    /// </summary>
    public async Task WaitForInboundAsync(string userId)
    {
        var now = Now.UtcDateTime;
        for (var i = 0; i < 200; i++)
        {
            var window = await WithDbAsync(db => db.Set<WeChatUserWindow>().AsNoTracking()
                .SingleOrDefaultAsync(w => w.UserId == userId));
            if (window is not null && window.LastInboundUtc >= now.AddSeconds(-1) && window.SentSinceInbound == 0) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"The message of {userId} was not recorded.");
    }

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, string channel = "wechat")
    {
        await using var scope = Services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetServices<INotificationSender>().Single(s => s.Channel == channel);
        // As the dispatcher does: the slot first, then the send.
        var settled = await sender.ReserveAsync(scope.ServiceProvider.GetRequiredService<PetitionDbContext>(), message, CancellationToken.None);
        return settled ?? await sender.SendAsync(message, CancellationToken.None);
    }

    public static OutboxMessage Notice(string userId, string text, string kind = "reply", string? trackingNo = null) => new()
    {
        Channel = "wechat",
        UserId = userId,
        Kind = kind,
        Text = text,
        TrackingNo = trackingNo,
        DedupKey = Guid.NewGuid().ToString("N"),
    };

}

internal static class HttpAssert
{
    public static async Task<string> OkBodyAsync(this Task<HttpResponseMessage> response)
    {
        using var r = await response;
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}: {body}");
        return body;
    }

    public static async Task<HttpStatusCode> StatusAsync(this Task<HttpResponseMessage> response)
    {
        using var r = await response;
        return r.StatusCode;
    }
}
