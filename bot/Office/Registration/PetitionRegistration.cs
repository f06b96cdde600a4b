using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation.Filing;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Bot.Petitions.Intake;
using PetitionBot.Bot.Reception;

namespace PetitionBot.Bot.Office.Registration;

/// <summary>
/// A petition as a clerk types it in from a letter, a visit or a call: the chat's field names (the same JSON the chat's
/// form state and 代为登记 use) plus where it came from and when it was received.
/// </summary>
public class RegistrationForm : PetitionForm
{
    public bool? RaisedBefore { get; set; }
    public string? EarlierTrackingNo { get; set; }
    public List<string>? Representatives { get; set; }
    /// <summary>letter, visit, phone, online, leader-reception, assigned.</summary>
    public string? Source { get; set; }
    /// <summary>yyyy-MM-dd, Asia/Shanghai.</summary>
    public string? ReceivedOn { get; set; }
    /// <summary>The 走访预约 this visit was booked under, kept as a reference.</summary>
    public string? BookingNo { get; set; }
}

/// <summary>The JSON registration: the form plus scanned pages as base64 (the page uploads them as files instead).</summary>
public sealed class RegistrationRequest : RegistrationForm
{
    public List<AttachmentJson>? Attachments { get; set; }
}

/// <summary>One scanned page in JSON: its file name and its bytes in base64.</summary>
public sealed record AttachmentJson(string? FileName, string? Content);

/// <summary>A file as uploaded, before its kind and size are checked.</summary>
public sealed record UploadedFile(string FileName, byte[] Content);

/// <summary>The outcome: the petition, or the errors by JSON field name (in Chinese, for the clerk).</summary>
public sealed record RegistrationResult(Petition? Petition, IReadOnlyDictionary<string, string> Errors, bool Created, string? RepeatOf, bool RepeatThroughRecheck)
{
    public bool Ok => Petition is not null;
}

/// <summary>
/// 登记 of a letter, visit or call by a clerk (信访工作条例 第十九条: an oral petition is recorded as told). The answers go
/// through the chat's own validators (DraftWriter), the same repeat check and the one intake, so the petition then behaves
/// exactly like one filed in the chat; only its source, receipt date, receiver and attachments differ.
/// </summary>
public sealed class PetitionRegistration(
    DraftWriter writer,
    Conversation.Triage.RouteTriage triage,
    RepeatDetector repeats,
    PetitionIntake intake,
    AuditLog audit,
    Data.PetitionDbContext db,
    TimeProvider time,
    IOptions<OfficeOptions> options,
    ILogger<PetitionRegistration> logger)
{
    public async Task<RegistrationResult> RegisterAsync(OfficeActor actor, RegistrationForm form, IReadOnlyList<UploadedFile> files, string submissionKey,
        CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var errors = new Dictionary<string, string>();
        var d = new DraftPetition();
        foreach (var (field, json, value) in form.TypedAnswers())
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (!FormFields.IsOptional(field)) errors[json] = $"请填写{FormFields.Label(field)}。";
                continue;
            }
            var check = writer.Fill(d, field, value, today);
            if (!check.IsValid) errors[json] = $"{FormFields.Label(field)}：{check.Error}";
        }

        var source = PetitionSources.Parse(form.Source);
        if (source is null) errors["source"] = "请选择来源：来信、来访、电话、网上、领导接访或上级交办。";
        var receivedOn = CheckReceivedOn(form.ReceivedOn, today, errors);

        d.RaisedBefore = form.RaisedBefore == true;
        if (d.RaisedBefore == true && !string.IsNullOrWhiteSpace(form.EarlierTrackingNo))
        {
            var check = writer.Fill(d, FormField.EarlierTrackingNo, form.EarlierTrackingNo, today);
            if (!check.IsValid) errors["earlierTrackingNo"] = $"{FormFields.Label(FormField.EarlierTrackingNo)}：{check.Error}";
        }
        CheckPeople(form, source, d, today, errors);
        var bookingNo = string.IsNullOrWhiteSpace(form.BookingNo) ? null : form.BookingNo.Trim();
        if (bookingNo is { Length: > 40 }) errors["bookingNo"] = "预约编号最多40个字符。";
        var attachments = CheckFiles(files, errors);

        if (errors.Count > 0) return new RegistrationResult(null, errors, false, null, false);

        // 诉访分离 as the chat does at its summary: the routes for the clerk, and 涉法涉诉 when the matter is one.
        if (triage.Classify($"{d.Request}，{d.FactsAndReasons}") is { Routes.Count: > 0 } routes)
        {
            d.SuggestedRoutes = routes.Routes.ToList();
            if (routes.LitigationRelated) d.LitigationRelated = true;
        }

        // The chat's repeat check, by the same ID-number hash: the clerk is the bureau, so a match is linked without asking.
        var match = await repeats.FindAsync(d.IdNumberHash!, d.Phone!, new Matter(d.ConcernedUnit, d.Field!, d.Request!, d.FactsAndReasons!), ct);
        d.RepeatOfPetitionId = match?.Earlier.Id;

        var draft = DraftWriter.ToPetition(d, submissionKey, OfficeChannel, $"office-{actor.UserName}", null,
            [new NewTranscriptLine(time.GetUtcNow().UtcDateTime, "office",
                $"{PetitionSources.Label(source!.Value)}，收到日期 {PetitionClock.Format(receivedOn!.Value)}，由{actor.RoleLabel} {actor.DisplayName} 登记。")]) with
        {
            Source = source.Value,
            ReceivedOn = receivedOn,
            ReceivedBy = actor.UserName,
            ReceivedByName = actor.DisplayName,
            BookingNo = bookingNo,
            Attachments = attachments,
        };
        var result = await intake.SubmitAsync(draft, ct);
        if (result.Created)
        {
            // No personal data in the audit row: the tracking number says which petition, the petition holds the rest.
            audit.Add(actor, "登记", result.Petition.TrackingNo, null, new
            {
                source = PetitionSources.Wire(source.Value), receivedOn = PetitionClock.Format(receivedOn.Value), attachments = attachments.Count,
                repeatOf = match?.Earlier.TrackingNo, bookingNo,
            });
            await db.SaveChangesAsync(ct);
            // The attended visit it came from now points at it, so the day view offers no second 登记.
            if (bookingNo is not null)
                await db.Set<VisitBooking>().Where(b => b.BookingNo == bookingNo && b.PetitionTrackingNo == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.PetitionTrackingNo, result.Petition.TrackingNo), ct);
            logger.LogInformation("Petition {TrackingNo} registered by office user {UserId} from {Source}, received {ReceivedOn}, {Attachments} attachment(s)",
                result.Petition.TrackingNo, actor.UserId, source, receivedOn, attachments.Count);
        }
        return new RegistrationResult(result.Petition, errors, result.Created, match?.Earlier.TrackingNo, match?.ThroughRecheck == true);
    }

    /// <summary>The channel of petitions registered in the office: nothing to send notices through, the clerk tells the citizen.</summary>
    public const string OfficeChannel = "office";

    private DateOnly? CheckReceivedOn(string? value, DateOnly today, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors["receivedOn"] = "请填写收到日期（例如 " + PetitionClock.Format(today) + "）。";
            return null;
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors["receivedOn"] = "收到日期格式应为 年-月-日，例如 " + PetitionClock.Format(today) + "。";
            return null;
        }
        if (date > today)
        {
            errors["receivedOn"] = "收到日期不能晚于今天（" + PetitionClock.Format(today) + "）。";
            return null;
        }
        var oldest = today.AddDays(-options.Value.RegistrationMaxAgeDays);
        if (date < oldest)
        {
            errors["receivedOn"] = $"收到日期早于 {PetitionClock.Format(oldest)}，请核对（办理期限从收到之日起计算，登记应在收到后及时进行）。";
            return null;
        }
        return date;
    }

    private void CheckPeople(RegistrationForm form, PetitionSource? source, DraftPetition d, DateOnly today, Dictionary<string, string> errors)
    {
        var people = form.PeopleCount ?? 1;
        if (people is < 1 or > 100_000)
        {
            errors["peopleCount"] = "人数应为 1 以上的整数。";
            return;
        }
        writer.Fill(d, FormField.PeopleCount, people.ToString(CultureInfo.InvariantCulture), today);
        var names = (form.Representatives ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();
        if (people < 5)
        {
            if (names.Count > 0) errors["representatives"] = "5人以上共同反映的才推选代表；人数不足5人时请不要填写代表。";
            return;
        }
        if (names.Count == 0)
        {
            // 信访工作条例 第二十条: 多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不得超过5人.
            errors["representatives"] = source is { } s && PetitionSources.InPerson(s)
                ? "5人以上走访的，应当推选代表（不超过5人，信访工作条例第二十条），请填写代表姓名。"
                : "5人以上共同反映的，请填写推选的代表（不超过5人）作为联系人。";
            return;
        }
        var check = writer.Fill(d, FormField.Representatives, string.Join("、", names), today);
        if (!check.IsValid)
        {
            errors["representatives"] = names.Count > 5 && source is { } v && PetitionSources.InPerson(v)
                ? $"走访代表不得超过5人（信访工作条例第二十条），现填写了{names.Count}人。"
                : $"{FormFields.Label(FormField.Representatives)}：{check.Error}";
        }
    }

    private List<NewAttachment> CheckFiles(IReadOnlyList<UploadedFile> files, Dictionary<string, string> errors)
    {
        var o = options.Value;
        var list = new List<NewAttachment>();
        var present = files.Where(f => f.Content.Length > 0).ToList();
        if (present.Count > o.AttachmentsPerPetition)
        {
            errors["attachments"] = $"附件最多 {o.AttachmentsPerPetition} 个，现有 {present.Count} 个。";
            return list;
        }
        foreach (var f in present)
        {
            var name = Path.GetFileName(f.FileName.Replace('\\', '/'));
            if (string.IsNullOrWhiteSpace(name)) name = "附件";
            if (name.Length > 200) name = name[^200..];
            if (f.Content.Length > o.AttachmentMaxBytes)
            {
                errors["attachments"] = $"附件「{name}」超过 {o.AttachmentMaxBytes / 1024 / 1024} MB，请压缩或分页扫描后再上传。";
                return list;
            }
            var kind = AttachmentKinds.Detect(f.Content);
            if (kind is null)
            {
                errors["attachments"] = $"附件「{name}」不是图片（PNG、JPEG）或 PDF 文件，无法保存。";
                return list;
            }
            list.Add(new NewAttachment(name, kind, f.Content));
        }
        return list;
    }
}
