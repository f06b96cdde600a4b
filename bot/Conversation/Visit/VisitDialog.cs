using System.Text.RegularExpressions;
using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Conversation.Filing;
using PetitionBot.Bot.Conversation.Status;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Bot.Petitions.Status;
using PetitionBot.Bot.Petitions.Validation;
using PetitionBot.Bot.Reception;

namespace PetitionBot.Bot.Conversation.Visit;

/// <summary>What a 走访预约 in the chat has collected so far.</summary>
public sealed class VisitState
{
    /// <summary>The days offered, in the order shown, so "2" means the second line the citizen saw.</summary>
    public List<long> Offered { get; set; } = [];
    public long? DayId { get; set; }
    public string? DayLabel { get; set; }
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? Matter { get; set; }
    /// <summary>Makes the confirmation idempotent: a turn run again finds the booking instead of taking a second slot.</summary>
    public string RequestKey { get; set; } = Guid.NewGuid().ToString("N");
    public string? BookingNo { get; set; }
    /// <summary>The booking is made (BookingNo is its number), as opposed to a number typed to cancel.</summary>
    public bool Booked { get; set; }
}

/// <summary>
/// 领导接访日 / 走访预约 in the chat: the coming days with free slots, choose one, name, phone, the matter in one line,
/// confirm → booking number; "取消预约" with the number and the last four phone digits. 信访工作条例 第十条 asks leaders
/// to receive petitioners in person; booking spares a citizen the walk to a full day.
/// </summary>
public sealed partial class VisitDialog(ReceptionDesk desk, ILogger<VisitDialog> logger)
{
    public static readonly string[] ConfirmChoices = ["确认预约", "修改", "取消"];

    [GeneratedRegex(@"YY\d{4}-[0-9A-Z]{4}", RegexOptions.IgnoreCase)]
    private static partial Regex BookingNoInText();

    [GeneratedRegex(@"(?<![0-9])(\d{4})(?![0-9])")]
    private static partial Regex FourDigits();

    public async Task StartAsync(DialogTurn turn, CancellationToken ct)
    {
        var days = await desk.UpcomingAsync(ct);
        var state = turn.State;
        if (days.Count == 0)
        {
            state.Mode = DialogMode.Idle;
            state.Visit = null;
            turn.Say("近期还没有安排领导接访日。您可以在接待场所的开放时间直接前来，或者在这里反映问题。", Intents.MenuChoices);
            return;
        }
        state.Visit = new VisitState { Offered = days.Select(d => d.Id).ToList() };
        state.Mode = DialogMode.VisitDay;
        var lines = days.Select((d, i) => $"{i + 1}. {Describe(d)}，{(d.FreeSlots > 0 ? $"剩余名额 {d.FreeSlots}" : "已约满")}");
        turn.Say("近期领导接访日：\n" + string.Join("\n", lines) + "\n请回复序号选择要预约的一天；已经预约、要取消的，请发送“取消预约”。",
            [.. days.Select((d, i) => (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), "返回菜单"]);
    }

    private static string Describe(ReceptionDayView d) =>
        $"{ReceptionDesk.DateLabel(d.Date)}{(d.Time is { Length: > 0 } t ? " " + t : "")}，{d.Leader}接访，地点：{d.Place}" +
        (d.Topics.Count > 0 ? $"，主题：{string.Join("、", d.Topics)}" : "");

    public async Task HandleAsync(DialogTurn turn, CancellationToken ct)
    {
        var state = turn.State;
        var visit = state.Visit ??= new VisitState();
        var text = turn.Text;
        switch (state.Mode)
        {
            case DialogMode.VisitDay:
            {
                var days = await desk.UpcomingAsync(ct);
                var index = int.TryParse(text.TrimEnd('。', '.'), out var n) ? n - 1 : -1;
                var day = index >= 0 && index < visit.Offered.Count ? days.FirstOrDefault(d => d.Id == visit.Offered[index]) : null;
                if (day is null)
                {
                    turn.Say($"请回复1到{visit.Offered.Count}之间的序号选择接访日，或回复“返回菜单”。", ["返回菜单"]);
                    return;
                }
                if (day.FreeSlots == 0)
                {
                    turn.Say("这一天的名额已经约满了，请选择其他日子。", ["返回菜单"]);
                    return;
                }
                visit.DayId = day.Id;
                visit.DayLabel = Describe(day);
                state.Mode = DialogMode.VisitName;
                turn.Say($"您选择了：{visit.DayLabel}。\n请问您的姓名？");
                return;
            }
            case DialogMode.VisitName:
            {
                var check = FormFields.Check(FormField.Name, turn.AsTyped, desk.Today);
                if (!check.IsValid) { turn.Say(check.Error!); return; }
                visit.Name = check.Value;
                state.Mode = DialogMode.VisitPhone;
                turn.Say("请留下联系电话（手机或带区号的座机），取消预约时要用到它的后4位：");
                return;
            }
            case DialogMode.VisitPhone:
            {
                var check = PhoneNumber.Check(text);
                if (!check.IsValid) { turn.Say(check.Error!); return; }
                visit.Phone = check.Value;
                state.Mode = DialogMode.VisitMatter;
                turn.Say($"请用一句话说明要反映的事情（{ReceptionDesk.MatterMaxLength}字以内），详细情况到现场再向接访领导说明：");
                return;
            }
            case DialogMode.VisitMatter:
            {
                var check = ReceptionDesk.CheckMatter(turn.AsTyped);
                if (!check.IsValid) { turn.Say(check.Error!); return; }
                visit.Matter = check.Value;
                AskConfirm(turn, visit);
                return;
            }
            case DialogMode.VisitConfirm:
                if (Intents.Modify().IsMatch(text) || text == "修改")
                {
                    state.Mode = DialogMode.VisitName;
                    turn.Say("好的，重新填写。请问您的姓名？");
                    return;
                }
                if (!Intents.Confirm().IsMatch(text) && text != "确认预约")
                {
                    turn.Say("请回复“确认预约”完成预约，回复“修改”重新填写，或回复“取消”。", ConfirmChoices);
                    return;
                }
                await BookAsync(turn, visit, ct);
                return;
            case DialogMode.VisitCancelNo:
                if (BookingNoInText().Match(text) is not { Success: true })
                {
                    turn.Say("预约号的格式是 YY 加4位日期、短横线和4位字母数字，例如 YY1127-K7Q3，请重新输入：", ["返回菜单"]);
                    return;
                }
                await StartCancelAsync(turn, ct);
                return;
            case DialogMode.VisitCancelPhone:
                if (!PetitionLookup.IsLastFour(text))
                {
                    turn.Say("请输入4位数字：预约时所留电话号码的最后4位。", ["返回菜单"]);
                    return;
                }
                await CancelAsync(turn, visit.BookingNo ?? "", text, ct);
                return;
        }
    }

    private static void AskConfirm(DialogTurn turn, VisitState visit)
    {
        turn.State.Mode = DialogMode.VisitConfirm;
        turn.Say($"请核对预约信息：\n接访日：{visit.DayLabel}\n姓名：{visit.Name}\n电话：{Masking.MaskPhone(visit.Phone)}\n事项：{visit.Matter}\n" +
                 "无误请回复“确认预约”。", ConfirmChoices);
    }

    private async Task BookAsync(DialogTurn turn, VisitState visit, CancellationToken ct)
    {
        var state = turn.State;
        var result = await desk.BookAsync(new BookingRequest(visit.DayId, visit.Name, visit.Phone, visit.Matter,
            turn.Message.Channel, turn.Message.UserId, visit.RequestKey), ct);
        switch (result.Outcome)
        {
            case BookingOutcome.Booked:
                state.Mode = DialogMode.Idle;
                // Kept so a second "确认预约" (a double tap) is told the number instead of being read as a question.
                state.Visit = new VisitState { BookingNo = result.BookingNo, Booked = true };
                turn.Say($"预约成功！预约号 {result.BookingNo}。\n{visit.DayLabel}。\n请带上身份证件按时到达；接访日前一天我会在这里提醒您。" +
                         "不能来请发送“取消预约”，并提供预约号和电话后4位，把名额让给别人。", Intents.MenuChoices);
                return;
            case BookingOutcome.Full:
                turn.Say("很抱歉，就在刚才这一天的名额约满了。");
                await StartAsync(turn, ct);
                return;
            case BookingOutcome.NoSuchDay:
                turn.Say("这个接访日已经取消或过期了。");
                await StartAsync(turn, ct);
                return;
            default:
                // The steps checked every answer already; a day edited meanwhile is the only way here.
                logger.LogWarning("Chat visit booking refused at confirmation: {Fields}", string.Join(",", result.Errors!.Keys));
                state.Mode = DialogMode.VisitName;
                turn.Say("预约信息有误，请重新填写。请问您的姓名？");
                return;
        }
    }

    /// <summary>A confirmation repeated after the booking was made: the same number, no second slot.</summary>
    public static bool TryRepeatConfirmation(DialogTurn turn)
    {
        if (turn.State.Visit is not { BookingNo: { } no, Booked: true } || (turn.Text != "确认预约" && !Intents.Confirm().IsMatch(turn.Text))) return false;
        turn.Say($"您已经预约过了，预约号 {no}，不需要重复确认。", Intents.MenuChoices);
        return true;
    }

    /// <summary>"取消预约", optionally with the number and the four digits in the same message.</summary>
    public async Task StartCancelAsync(DialogTurn turn, CancellationToken ct)
    {
        var state = turn.State;
        if (StatusDialog.TooManyFailures(turn)) return;
        state.Visit = new VisitState();
        if (BookingNoInText().Match(turn.Text) is not { Success: true } no)
        {
            state.Mode = DialogMode.VisitCancelNo;
            turn.Say("请输入预约号（例如 YY1127-K7Q3）：", ["返回菜单"]);
            return;
        }
        state.Visit.BookingNo = no.Value.ToUpperInvariant();
        if (FourDigits().Match(BookingNoInText().Replace(turn.Text, "")) is { Success: true } digits)
        {
            await CancelAsync(turn, state.Visit.BookingNo, digits.Value, ct);
            return;
        }
        state.Mode = DialogMode.VisitCancelPhone;
        turn.Say($"请输入预约 {state.Visit.BookingNo} 时所留电话号码的后4位：", ["返回菜单"]);
    }

    private async Task CancelAsync(DialogTurn turn, string bookingNo, string lastFour, CancellationToken ct)
    {
        var state = turn.State;
        if (StatusDialog.TooManyFailures(turn)) return;
        state.Mode = DialogMode.Idle;
        state.Visit = null;
        var open = await desk.FindOpenAsync(bookingNo, lastFour, ct);
        if (open is null || !await desk.CancelAsync(bookingNo, lastFour, ct))
        {
            // Counted with the status look-ups: both are guarded by the same four digits.
            state.FailedLookups.Add(turn.NowUtc);
            turn.Say("预约号和电话后4位对不上，或者这个预约已经取消了。请核对后再试。", ["取消预约", "返回菜单"]);
            return;
        }
        turn.Say($"已取消预约 {open.Value.Booking.BookingNo}（{ReceptionDesk.DateLabel(open.Value.Day.Date)} {open.Value.Day.Leader}接访），名额已经让给其他群众。",
            Intents.MenuChoices);
    }
}
