using PetitionBot.Bot.Conversation;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using QRCoder;

namespace PetitionBot.Bot.Channels.WeChat;

public sealed record SceneCodeView(string SceneKey, string Title, string Url, DateTime CreatedUtc, string ImagePath, string PosterPath);

/// <summary>
/// Permanent QR scene codes per unit: created once at WeChat (the scene string is the unit's code), stored,
/// and drawn locally with QRCoder so no image is fetched from WeChat.
/// </summary>
internal sealed partial class WeChatSceneCodes(PetitionDbContext db, WeChatApi api, TimeProvider time)
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SceneKeyPattern();

    public static string? CheckSceneKey(string? sceneKey) =>
        sceneKey is not null && SceneKeyPattern().IsMatch(sceneKey)
            ? null
            : "场景值须为 1–64 位字母、数字、下划线或连字符（建议用单位代码）。";

    public async Task<IReadOnlyList<SceneCodeView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Set<WeChatSceneCode>().AsNoTracking().OrderBy(s => s.SceneKey).ToListAsync(cancellationToken))
        .Select(View).ToList();

    public Task<WeChatSceneCode?> FindAsync(string sceneKey, CancellationToken cancellationToken) =>
        db.Set<WeChatSceneCode>().AsNoTracking().SingleOrDefaultAsync(s => s.SceneKey == sceneKey, cancellationToken);

    /// <summary>Creates the code at WeChat, or returns the stored one (permanent codes never change).</summary>
    public async Task<(SceneCodeView Code, bool Created)> CreateAsync(string sceneKey, string title, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(sceneKey, cancellationToken);
        if (existing is not null) return (View(existing), false);

        var ticket = await api.CreatePermanentSceneCodeAsync(sceneKey, cancellationToken);
        var code = new WeChatSceneCode
        {
            SceneKey = sceneKey,
            Title = title.Trim(),
            Ticket = ticket.Ticket,
            Url = ticket.Url,
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Add(code);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (View(code), true);
        }
        catch (DbUpdateException)
        {
            // Two admins clicked at once: WeChat returns the same URL for the same scene, keep the stored row.
            db.Entry(code).State = EntityState.Detached;
            return (View((await FindAsync(sceneKey, cancellationToken))!), false);
        }
    }

    public static byte[] RenderPng(string url, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>A printable A4 poster: the unit's name, the code, and what scanning it does.</summary>
    public static string PosterHtml(WeChatSceneCode code)
    {
        var image = Convert.ToBase64String(RenderPng(code.Url, 16));
        var title = WebUtility.HtmlEncode(code.Title);
        return $$"""
            <!doctype html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <title>{{title}} · 扫码反映问题</title>
            <style>
              @page { size: A4; margin: 20mm; }
              body { font-family: "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; text-align: center; color: #222; }
              h1 { font-size: 32pt; margin: 10mm 0 4mm; }
              h2 { font-size: 20pt; font-weight: normal; margin: 0 0 8mm; }
              img { width: 110mm; height: 110mm; image-rendering: pixelated; }
              p { font-size: 14pt; line-height: 1.6; }
            </style>
            </head>
            <body>
            <h1>扫码咨询 · 反映问题</h1>
            <h2>{{title}}</h2>
            <img src="data:image/png;base64,{{image}}" alt="{{title}} 微信二维码">
            <p>微信扫一扫，关注公众号后即可咨询法规、了解法律途径、反映问题，<br>并可随时查询办理进度。</p>
            </body>
            </html>
            """;
    }

    private static SceneCodeView View(WeChatSceneCode s) => new(s.SceneKey, s.Title, s.Url, s.CreatedUtc,
        $"/api/office/wechat/qrcodes/{s.SceneKey}/image", $"/api/office/wechat/qrcodes/{s.SceneKey}/poster");
}

/// <summary>The custom menu: its keys arrive as CLICK events and reach the engine as menu intents.</summary>
internal static class WeChatMenu
{
    public static JsonObject Default() => new()
    {
        ["button"] = new JsonArray
        {
            Click("法规咨询", MenuIntents.Consult),
            Click("我要反映", MenuIntents.File),
            new JsonObject
            {
                ["name"] = "更多服务",
                ["sub_button"] = new JsonArray
                {
                    Click("我该走什么途径", MenuIntents.Route),
                    Click("查询办理进度", MenuIntents.Status),
                    Click("评价", MenuIntents.Rate),
                    Click("领导接访日", MenuIntents.Visit),
                    Click("转人工", MenuIntents.Handoff),
                },
            },
        },
    };

    private static JsonObject Click(string name, string key) => new() { ["type"] = "click", ["name"] = name, ["key"] = key };
}
