using PetitionBot.Bot.Channels.Web;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Conversation.Triage;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Reception;

namespace PetitionBot.Tests.Support;

/// <summary>
/// Plays a transcript file (tests/Transcripts/*.txt) against the real bot through POST /api/chat.
/// <code>
/// # 知识库: 测试          use the fake knowledge base (otherwise the app's own registration)
/// 用户: 我要反映问题       send a message
/// 机器人: 请问您的姓名     a reply of that turn contains the text (this reply or a later one than the last match; /…/ = regex)
/// 选项: 是 | 否           the reply matched last offers these choices
/// 卡片: 劳动争议仲裁       a card title of that turn contains the text
/// 首个途径: a, b          the first route card of the turn is one of these route ids
/// 无卡片 / 不含: 文本      no cards / no reply contains the text
/// 用户(图片): 地址         send a photo
/// 重复投递: 文本 / 并发投递: 文本   the same delivery twice (one after the other / at once): same replies
/// 同时发两次: 文本                 two separate deliveries at once (a double tap); their replies are checked together
/// 重启 / 时间: +25小时 / ---       restart the bot / move the clock / a new citizen
/// 后台答复: XF… / 后台复核: XF…    what a clerk records in the back office
/// 查询接口: XF… 8000 → 200 / 接口包含: 文本 / 接口不含: 文本
/// 后台接访日: 2026-11-27 王建国 副区长 名额2     the office publishes a leader's reception day
/// 接访日名额: 1                                  GET /api/reception-days: the first day's freeSlots
/// {预约号} in a 用户 line                        the booking number of the last 预约成功 the bot said
/// </code>
/// </summary>
public static partial class TranscriptRunner
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Transcripts");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.txt").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [GeneratedRegex(@"^(?<key>[^:：]+?)\s*[:：]\s*(?<arg>.*)$")]
    private static partial Regex KeyValue();

    public static async Task RunAsync(string file, Db db)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(Folder, file));
        var fakeKnowledge = lines.Any(l => Regex.IsMatch(l, @"^#\s*知识库\s*[:：]\s*测试"));
        await using var host = BotHost.Start(db, new BotHostOptions { FakeKnowledge = fakeKnowledge });
        var routeIds = host.Services.GetRequiredService<TriageCatalog>().Routes.Values.ToDictionary(r => r.Name, r => r.Id);

        var user = NewUser();
        ChatResult? turn = null;
        var next = 0;
        ChatBubble? matched = null;
        var api = "";
        string? bookingNo = null;

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var where = $"{file}:{i + 1}: {line}";
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line == "---")
            {
                user = NewUser();
                turn = null;
                continue;
            }
            if (line == "重启")
            {
                await host.RestartAsync();
                continue;
            }
            if (line == "无卡片")
            {
                Require(turn, where);
                Assert.True(turn!.Replies.All(r => r.Cards.Count == 0), $"{where}\n这一轮不应有卡片，实际：\n{turn}");
                continue;
            }

            var m = KeyValue().Match(line);
            Assert.True(m.Success, $"{where}\n看不懂这一行。");
            var key = m.Groups["key"].Value;
            var arg = m.Groups["arg"].Value.Trim();
            switch (key)
            {
                case "用户":
                    turn = await host.SayAsync(user, arg.Replace("{预约号}", bookingNo ?? "（还没有预约号）"));
                    (next, matched) = (0, null);
                    if (Regex.Match(turn.AllText, @"预约成功！预约号 (YY\d{4}-[0-9A-Z]{4})") is { Success: true } no) bookingNo = no.Groups[1].Value;
                    break;

                case "后台接访日":
                {
                    var day = Regex.Match(arg, @"^(?<date>\d{4}-\d{2}-\d{2})\s+(?<leader>.+?)\s+名额(?<n>\d+)$");
                    Assert.True(day.Success, $"{where}\n格式：后台接访日: 2026-11-27 王建国 副区长 名额2");
                    await host.WithDbAsync(async db2 =>
                    {
                        var place = new ReceptionPlace { Name = "区信访局接待大厅", Address = "人民路18号" };
                        db2.Add(place);
                        await db2.SaveChangesAsync();
                        var n = int.Parse(day.Groups["n"].Value, CultureInfo.InvariantCulture);
                        db2.Add(new ReceptionDay
                        {
                            PlaceId = place.Id, Date = DateOnly.ParseExact(day.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                            Time = "9:00-11:30", Leader = day.Groups["leader"].Value, Topics = "征地拆迁、劳动保障", Capacity = n, FreeSlots = n,
                        });
                        await db2.SaveChangesAsync();
                    });
                    break;
                }

                case "接访日名额":
                {
                    var days = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync("/api/reception-days")).RootElement;
                    Assert.True(days.GetArrayLength() > 0, $"{where}\n没有接访日。");
                    Assert.True(days[0].GetProperty("freeSlots").GetInt32() == int.Parse(arg, CultureInfo.InvariantCulture),
                        $"{where}\n实际：{days[0]}");
                    break;
                }

                case "用户(图片)":
                    turn = await SendPhotoAsync(host, user, arg);
                    (next, matched) = (0, null);
                    break;

                case "重复投递":
                {
                    var key1 = Guid.NewGuid().ToString("N");
                    var first = await host.SayAsync(user, arg, key1);
                    var second = await host.SayAsync(user, arg, key1);
                    Assert.True(first.Json == second.Json, $"{where}\n同一投递两次应得到相同回复：\n{first}\n----\n{second}");
                    turn = first;
                    (next, matched) = (0, null);
                    break;
                }

                case "并发投递":
                {
                    var key1 = Guid.NewGuid().ToString("N");
                    var both = await Task.WhenAll(host.SayAsync(user, arg, key1), host.SayAsync(user, arg, key1));
                    Assert.True(both[0].Json == both[1].Json, $"{where}\n同时到达的同一投递应得到相同回复：\n{both[0]}\n----\n{both[1]}");
                    turn = both[0];
                    (next, matched) = (0, null);
                    break;
                }

                case "同时发两次":
                {
                    // A double tap: two separate deliveries of the same text at once, without a shared delivery id.
                    var both = await Task.WhenAll(host.SayAsync(user, arg), host.SayAsync(user, arg));
                    turn = new ChatResult(both[0].Replies.Concat(both[1].Replies).ToList(), "");
                    (next, matched) = (0, null);
                    break;
                }

                case "机器人":
                {
                    Require(turn, where);
                    var found = -1;
                    for (var j = next; j < turn!.Replies.Count; j++)
                    {
                        if (!Matches(turn.Replies[j].Text, arg)) continue;
                        found = j;
                        break;
                    }
                    Assert.True(found >= 0, $"{where}\n这一轮的回复里（从第{next + 1}条起）找不到它。实际回复：\n{turn}");
                    matched = turn.Replies[found];
                    next = found; // the next line may match the same reply or a later one
                    break;
                }

                case "选项":
                {
                    Assert.True(matched is not null, $"{where}\n“选项”要跟在一行“机器人”后面。");
                    foreach (var choice in arg.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                        Assert.True(matched!.Choices.Contains(choice), $"{where}\n缺少选项“{choice}”。实际：{string.Join(" | ", matched.Choices)}");
                    break;
                }

                case "卡片":
                    Require(turn, where);
                    Assert.True(turn!.Replies.SelectMany(r => r.Cards).Any(c => c.Title.Contains(arg, StringComparison.Ordinal) || c.Text.Contains(arg, StringComparison.Ordinal)),
                        $"{where}\n这一轮没有这样的卡片。实际：\n{turn}");
                    break;

                case "首个途径":
                {
                    Require(turn, where);
                    var first = turn!.Replies.SelectMany(r => r.Cards).FirstOrDefault();
                    Assert.True(first is not null, $"{where}\n这一轮没有途径卡片。实际：\n{turn}");
                    var accepted = arg.Split([',', '，', ' ', '、'], StringSplitOptions.RemoveEmptyEntries);
                    var id = routeIds.GetValueOrDefault(first!.Title, first.Title);
                    Assert.True(accepted.Contains(id), $"{where}\n第一个途径是 {id}（{first.Title}），应为 {arg} 之一。实际：\n{turn}");
                    break;
                }

                case "不含":
                    Require(turn, where);
                    Assert.True(!turn!.AllText.Contains(arg, StringComparison.Ordinal), $"{where}\n回复里不应出现它。实际：\n{turn}");
                    break;

                case "时间":
                    host.Time.Advance(ParseDuration(arg, where));
                    break;

                case "后台答复":
                    await host.WithDbAsync(async db2 =>
                    {
                        var p = await db2.Petitions.SingleAsync(x => x.TrackingNo == arg);
                        p.Status = PetitionStatus.Replied;
                        p.CurrentUnitName = "区人力资源和社会保障局";
                        p.RepliedUtc = host.Time.GetUtcNow().UtcDateTime;
                        p.Version = Guid.NewGuid();
                        await db2.SaveChangesAsync();
                    });
                    break;

                case "后台复核":
                    await host.WithDbAsync(async db2 =>
                    {
                        var p = await db2.Petitions.SingleAsync(x => x.TrackingNo == arg);
                        p.Status = PetitionStatus.Closed;
                        p.RepliedUtc ??= host.Time.GetUtcNow().UtcDateTime;
                        p.RecheckedUtc = host.Time.GetUtcNow().UtcDateTime;
                        p.Version = Guid.NewGuid();
                        await db2.SaveChangesAsync();
                    });
                    break;

                case "查询接口":
                {
                    var call = Regex.Match(arg, @"^(?<no>\S+)\s+(?<phone>\S+)\s*(?:→|->)\s*(?<status>\d{3})$");
                    Assert.True(call.Success, $"{where}\n格式：查询接口: 编号 后4位 → 状态码");
                    var response = await host.Client.GetAsync($"/api/petitions/{call.Groups["no"].Value}?phone={call.Groups["phone"].Value}");
                    api = await response.Content.ReadAsStringAsync();
                    Assert.True((int)response.StatusCode == int.Parse(call.Groups["status"].Value, CultureInfo.InvariantCulture),
                        $"{where}\n实际状态码 {(int)response.StatusCode}：{api}");
                    break;
                }

                case "接口包含":
                    Assert.True(api.Contains(arg, StringComparison.Ordinal), $"{where}\n接口回应里没有它：{api}");
                    break;

                case "接口不含":
                    Assert.True(!api.Contains(arg, StringComparison.Ordinal), $"{where}\n接口回应里不应有它：{api}");
                    break;

                default:
                    Assert.Fail($"{where}\n未知的指令“{key}”。");
                    break;
            }
        }
    }

    private static bool Matches(string text, string expected) =>
        expected.Length > 2 && expected.StartsWith('/') && expected.EndsWith('/')
            ? Regex.IsMatch(text, expected[1..^1])
            : text.Contains(expected, StringComparison.Ordinal);

    private static void Require(ChatResult? turn, string where) =>
        Assert.True(turn is not null, $"{where}\n前面还没有“用户”说话。");

    private static string NewUser() => "web-" + Guid.NewGuid().ToString("N");

    private static TimeSpan ParseDuration(string text, string where)
    {
        var m = Regex.Match(text, @"^\+?(?<n>\d+)\s*(?<unit>小时|分钟|天)$");
        Assert.True(m.Success, $"{where}\n时间格式：+25小时、+30分钟、+2天");
        var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        return m.Groups["unit"].Value switch { "小时" => TimeSpan.FromHours(n), "分钟" => TimeSpan.FromMinutes(n), _ => TimeSpan.FromDays(n) };
    }

    /// <summary>The web API carries text only, so photos go to the engine the way a channel adapter hands them over.</summary>
    private static async Task<ChatResult> SendPhotoAsync(BotHost host, string user, string url)
    {
        var replies = await host.WithScopeAsync(sp => sp.GetRequiredService<IConversationEngine>()
            .HandleAsync(new IncomingMessage(ChatEndpoints.Channel, user, null, [new MessageAttachment("image", url)])));
        return new ChatResult(replies.Select(r => new ChatBubble(r.Text, r.Choices ?? [],
            (r.Cards ?? []).Select(c => new ChatCardView(c.Title, c.Text)).ToList())).ToList(), "");
    }
}
