using MiniExcelLibs;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Queue;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Office.Export;

/// <summary>The filtered queue as an Excel workbook, personal data masked; every export is audited.</summary>
public sealed class QueueExport(PetitionQueue queue, AuditLog audit, PetitionDbContext db, TimeProvider time)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public string FileName() =>
        $"信访事项_{ChinaTime.ToLocal(time.GetUtcNow().UtcDateTime):yyyyMMdd_HHmm}.xlsx";

    public async Task<byte[]> ExportAsync(QueueFilter filter, OfficeActor actor, CancellationToken ct)
    {
        var page = await queue.ListAsync(filter, actor, ct, pageSize: null);
        var rows = page.Rows.Select(r => new Dictionary<string, object?>
        {
            ["信访事项编号"] = r.TrackingNo,
            ["登记日期"] = r.ReceivedDate,
            ["来源"] = r.Source,
            ["信访人"] = r.PetitionerName,
            ["联系电话"] = r.PhoneMasked,
            ["领域"] = r.Field,
            ["类别"] = r.Category,
            ["状态"] = r.StatusText,
            ["办理单位"] = r.Unit ?? "",
            ["承办人"] = r.Clerk ?? "",
            ["办理期限"] = r.DueUtc is null ? "" : r.DueDate,
            ["剩余天数"] = r.DaysLeft,
            ["是否超期"] = r.IsOverdue ? "超期" : "",
            ["重复信访"] = r.IsRepeat ? "是" : "否",
            ["初信初访"] = r.IsFirst ? "是" : "否",
            ["涉法涉诉"] = r.LitigationRelated ? "是" : "否",
            ["评价"] = r.Rating,
            ["不满意督办"] = r.EscalationLevel == 0 ? "" : RatingEscalation.LevelName(r.EscalationLevel) + (r.EscalationOpen ? "（整改中）" : "（已整改）"),
            ["诉求"] = r.Request,
        }).ToList();

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: "信访事项", excelType: ExcelType.XLSX, cancellationToken: ct);
        audit.Add(actor, "导出Excel", null, null, new { filter = filter.ToRouteValues().Where(kv => kv.Value is not null).ToDictionary(), rows = rows.Count });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }
}
