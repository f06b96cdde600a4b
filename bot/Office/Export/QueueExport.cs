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

    public static readonly string[] Columns =
    [
        "信访事项编号", "登记日期", "来源", "信访人", "联系电话", "领域", "类别", "状态", "办理单位", "承办人", "办理期限", "剩余天数", "是否超期",
        "重复信访", "初信初访", "涉法涉诉", "评价", "不满意督办", "诉求",
    ];

    /// <summary>
    /// Streams the workbook to <paramref name="output"/> while the rows are read from the database, so memory stays flat
    /// however many rows match. The export is audited with the number of rows actually written, also when the download
    /// is broken off.
    /// </summary>
    public async Task ExportAsync(QueueFilter filter, OfficeActor actor, Stream output, CancellationToken ct)
    {
        var xlsx = new XlsxStream(output, "信访事项", Columns);
        try
        {
            await foreach (var r in queue.RowsAsync(filter, actor, ct))
            {
                await xlsx.AddAsync(
                [
                    r.TrackingNo, r.ReceivedDate, r.Source, r.PetitionerName, r.PhoneMasked, r.Field, r.Category, r.StatusText, r.Unit ?? "",
                    r.Clerk ?? "", r.DueUtc is null ? "" : r.DueDate, r.DaysLeft, r.IsOverdue ? "超期" : "",
                    r.IsRepeat ? "是" : "否", r.IsFirst ? "是" : "否", r.LitigationRelated ? "是" : "否", r.Rating,
                    r.EscalationLevel == 0 ? "" : RatingEscalation.LevelName(r.EscalationLevel) + (r.EscalationOpen ? "（整改中）" : "（已整改）"),
                    r.Request,
                ], ct);
            }
            await xlsx.CompleteAsync(ct);
        }
        finally
        {
            await xlsx.DisposeAsync();
            audit.Add(actor, "导出Excel", null, null, new { filter = filter.ToRouteValues().Where(kv => kv.Value is not null).ToDictionary(), rows = xlsx.Rows });
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }
}
