using System.Text.RegularExpressions;
using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Petitions.Status;

namespace PetitionBot.Bot.Conversation.Status;

/// <summary>"查询 XF…" plus the last four phone digits → status, current unit and due date.</summary>
public sealed partial class StatusDialog(PetitionLookup lookup, ILogger<StatusDialog> logger)
{
    // Four digits are easy to guess; a handful of misses per hour is plenty for a citizen who mistyped. The 代为登记
    // codes (OnBehalfDialog) count against the same allowance.
    internal const int MaxFailuresPerHour = 5;

    [GeneratedRegex(@"XF\d{8}-\d{4,}", RegexOptions.IgnoreCase)]
    private static partial Regex TrackingNoInText();

    [GeneratedRegex(@"(?<![0-9])(\d{4})(?![0-9])")]
    private static partial Regex FourDigitsInText();

    public async Task StartAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var state = turn.State;
        if (TooManyFailures(turn)) return;
        var trackingNo = PetitionLookup.FindTrackingNo(turn.Text);
        if (trackingNo is null)
        {
            state.Mode = DialogMode.StatusTrackingNo;
            state.Lookup = new LookupState();
            turn.Say("请输入信访事项编号（例如 XF20261125-0001）：");
            return;
        }
        var rest = TrackingNoInText().Replace(turn.Text, "");
        if (FourDigitsInText().Match(rest) is { Success: true } digits)
        {
            await LookUpAsync(turn, trackingNo, digits.Value, cancellationToken);
            return;
        }
        AskPhone(turn, trackingNo);
    }

    public async Task HandleAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var state = turn.State;
        if (state.Mode == DialogMode.StatusTrackingNo)
        {
            if (PetitionLookup.FindTrackingNo(turn.Text) is not { } trackingNo)
            {
                turn.Say("编号的格式是 XF 加8位日期和4位序号，例如 XF20261125-0001，请重新输入：", ["返回菜单"]);
                return;
            }
            await StartAsync(turn, cancellationToken);
            return;
        }

        var digits = turn.Text.Trim();
        if (!PetitionLookup.IsLastFour(digits))
        {
            turn.Say("请输入4位数字：登记时所留电话号码的最后4位。", ["返回菜单"]);
            return;
        }
        await LookUpAsync(turn, state.Lookup?.TrackingNo ?? "", digits, cancellationToken);
    }

    private void AskPhone(DialogTurn turn, string trackingNo)
    {
        turn.State.Mode = DialogMode.StatusPhone;
        turn.State.Lookup = new LookupState { TrackingNo = trackingNo };
        turn.Say($"请输入登记 {trackingNo} 时所留电话号码的后4位：");
    }

    private async Task LookUpAsync(DialogTurn turn, string trackingNo, string lastFour, CancellationToken cancellationToken)
    {
        var state = turn.State;
        if (TooManyFailures(turn)) return;
        state.Mode = DialogMode.Idle;
        state.Lookup = null;
        var petition = await lookup.FindAsync(trackingNo, lastFour, cancellationToken);
        if (petition is null)
        {
            state.FailedLookups.Add(turn.NowUtc);
            logger.LogInformation("Status look-up for {TrackingNo} did not match", trackingNo);
            turn.Say("编号和电话后4位对不上，请核对后再试。", ["查询办理进度", "返回菜单"]);
            return;
        }
        var choices = PetitionLookup.CanRate(petition) ? new[] { "评价", "返回菜单" } : ["返回菜单"];
        turn.Say(await lookup.DescribeAsync(petition, cancellationToken), choices);
    }

    internal static bool TooManyFailures(DialogTurn turn)
    {
        var state = turn.State;
        state.FailedLookups.RemoveAll(t => turn.NowUtc - t > TimeSpan.FromHours(1));
        if (state.FailedLookups.Count < MaxFailuresPerHour) return false;
        state.Mode = DialogMode.Idle;
        state.Lookup = null;
        turn.Say("查询失败次数太多了，请一小时后再试；也可以带上身份证件到信访接待场所查询。", ["返回菜单"]);
        return true;
    }
}
