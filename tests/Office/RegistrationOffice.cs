using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Tests.Office;

/// <summary>What the registration tests share: a valid form as JSON, and small scanned-page fixtures made on the spot.</summary>
internal static class RegistrationOffice
{
    /// <summary>The chat's own petitioner in <see cref="OfficeApp.FileThroughChatAsync"/>: same ID number, same phone.</summary>
    public const string ChatIdNumber = "110101199003071233";
    public const string ChatPhone = "13800138000";

    public static Dictionary<string, object?> Letter(OfficeApp app, int daysAgo = 3, string idNumber = ChatIdNumber, string source = "letter") => new()
    {
        ["name"] = "张三",
        ["idNumber"] = idNumber,
        ["phone"] = ChatPhone,
        ["address"] = "城关街道幸福路12号3单元201室",
        ["locality"] = "城关街道",
        ["concernedUnit"] = "宏达建筑有限公司",
        ["category"] = "申诉求决",
        ["field"] = "两拖欠",
        ["request"] = "要求宏达建筑有限公司支付拖欠的三个月工资",
        ["factsAndReasons"] = "我在宏达建筑有限公司工地做钢筋工，8月到10月的工资一直没发，写信请求督促。",
        ["source"] = source,
        ["receivedOn"] = PetitionClock.Format(ChinaTime.Today(app.Clock).AddDays(-daysAgo)),
    };

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(HttpClient client, object form)
    {
        var response = await client.PostAsJsonAsync("/api/office/petitions", form);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response, body);
    }

    /// <summary>A real grey PNG (a "scanned page") of the given size: signature, IHDR, zlib-compressed rows, IEND.</summary>
    public static byte[] Png(int width = 60, int height = 80)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (var x = 0; x < width; x++) raw.WriteByte((byte)(y % 10 == 0 ? 40 : 230));
        }
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw.ToArray());

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", packed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A one-page PDF with nothing on it: enough for the magic bytes and a viewer.</summary>
    public static byte[] Pdf() => System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        s.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typed);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        s.Write(length);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
