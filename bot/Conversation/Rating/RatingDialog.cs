using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Status;

namespace PetitionBot.Bot.Conversation.Rating;

/// <summary>评价: once an answer is recorded, the citizen rates 满意/基本满意/不满意 and gives a reason.</summary>
public sealed class RatingDialog(PetitionRatings ratings, PetitionLookup lookup)
{
    public static readonly string[] Values = ["满意", "基本满意", "不满意"];

    public async Task StartAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var state = turn.State;
        var named = PetitionLookup.FindTrackingNo(turn.Text);
        var mine = await ratings.AwaitingRatingAsync(turn.Message.Channel, turn.Message.UserId, cancellationToken);
        state.Rating = new RatingState();

        if (named is not null)
        {
            if (mine.Any(p => p.TrackingNo == named))
            {
                AskValue(turn, named);
                return;
            }
            // Filed elsewhere: prove it is theirs the same way as a status look-up.
            state.Rating.TrackingNo = named;
            state.Mode = DialogMode.RatingPhone;
            turn.Say($"请输入登记 {named} 时所留电话号码的后4位：");
            return;
        }

        switch (mine.Count)
        {
            case 0:
                state.Mode = DialogMode.RatingTrackingNo;
                turn.Say("请输入要评价的信访事项编号（例如 XF20261125-0001）。事项答复以后才能评价。", ["返回菜单"]);
                return;
            case 1:
                AskValue(turn, mine[0].TrackingNo);
                return;
            default:
                state.Rating.Candidates = mine.Select(p => p.TrackingNo).ToList();
                state.Mode = DialogMode.RatingChoosePetition;
                turn.Say("您有几件事项可以评价，请选择：", state.Rating.Candidates);
                return;
        }
    }

    public async Task HandleAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var state = turn.State;
        var rating = state.Rating ??= new RatingState();
        switch (state.Mode)
        {
            case DialogMode.RatingChoosePetition:
                if (Intents.ChoiceIndex(turn.Text, rating.Candidates) is { } i) AskValue(turn, rating.Candidates[i]);
                else turn.Say("请选择要评价的事项编号：", rating.Candidates);
                return;

            case DialogMode.RatingTrackingNo:
                if (PetitionLookup.FindTrackingNo(turn.Text) is { } no)
                {
                    rating.TrackingNo = no;
                    state.Mode = DialogMode.RatingPhone;
                    turn.Say($"请输入登记 {no} 时所留电话号码的后4位：");
                }
                else
                {
                    turn.Say("编号的格式是 XF 加8位日期和4位序号，例如 XF20261125-0001，请重新输入：", ["返回菜单"]);
                }
                return;

            case DialogMode.RatingPhone:
                if (Status.StatusDialog.TooManyFailures(turn)) return;
                if (!PetitionLookup.IsLastFour(turn.Text))
                {
                    turn.Say("请输入4位数字：登记时所留电话号码的最后4位。", ["返回菜单"]);
                    return;
                }
                var petition = await lookup.FindAsync(rating.TrackingNo ?? "", turn.Text, cancellationToken);
                if (petition is null)
                {
                    state.FailedLookups.Add(turn.NowUtc);
                    End(turn);
                    turn.Say("编号和电话后4位对不上，请核对后再试。", ["评价", "返回菜单"]);
                    return;
                }
                if (!CheckRateable(turn, petition)) return;
                AskValue(turn, petition.TrackingNo);
                return;

            case DialogMode.RatingValue:
                var value = MatchValue(turn.Text);
                if (value is null)
                {
                    turn.Say("请选择：满意、基本满意或不满意。", Values);
                    return;
                }
                rating.Value = value.Value.ToString();
                state.Mode = DialogMode.RatingReason;
                turn.Say(value == PetitionRating.Dissatisfied
                    ? "请说说不满意的原因，我们会转给办理单位改进："
                    : "谢谢！能简单说说理由吗？（可以回复“跳过”）", value == PetitionRating.Dissatisfied ? null : ["跳过"]);
                return;

            case DialogMode.RatingReason:
                var chosen = Enum.Parse<PetitionRating>(rating.Value!);
                var skipped = Intents.Skip().IsMatch(turn.Text);
                if (chosen == PetitionRating.Dissatisfied && (skipped || turn.Text.Length < 2))
                {
                    turn.Say("请写一下不满意的原因（至少2个字），方便改进：");
                    return;
                }
                var outcome = await ratings.RateAsync(rating.TrackingNo!, chosen, skipped ? null : turn.AsTyped, cancellationToken);
                End(turn);
                turn.Say(outcome switch
                {
                    RatingOutcome.Recorded => "感谢您的评价，已记录。" + (chosen == PetitionRating.Dissatisfied
                        ? "\n如果对处理意见不服，可以自收到书面答复之日起30日内，向原办理机关的上一级机关请求复查（《信访工作条例》第三十五条）。"
                        : ""),
                    RatingOutcome.AlreadyRated => "这件事项已经评价过了，感谢您的反馈。",
                    RatingOutcome.NotYetReplied => "这件事项还没有答复，答复以后才能评价。",
                    _ => "没有找到这件事项，请核对编号。",
                }, ["返回菜单"]);
                return;
        }
    }

    private static bool CheckRateable(DialogTurn turn, Petition petition)
    {
        if (petition.RepliedUtc is null)
        {
            End(turn);
            turn.Say($"{petition.TrackingNo} 还没有答复，答复以后才能评价。当前状态：{PetitionStatusText.Label(petition.Status)}。", ["返回菜单"]);
            return false;
        }
        if (petition.Rating is { } r)
        {
            End(turn);
            turn.Say($"{petition.TrackingNo} 已经评价过了（{PetitionStatusText.Label(r)}），感谢您的反馈。", ["返回菜单"]);
            return false;
        }
        return true;
    }

    private static void AskValue(DialogTurn turn, string trackingNo)
    {
        turn.State.Rating = new RatingState { TrackingNo = trackingNo };
        turn.State.Mode = DialogMode.RatingValue;
        turn.Say($"请对 {trackingNo} 的办理情况进行评价：", Values);
    }

    private static void End(DialogTurn turn)
    {
        turn.State.Mode = DialogMode.Idle;
        turn.State.Rating = null;
    }

    public static PetitionRating? MatchValue(string text) => text.Trim().TrimEnd('。', '！', '!') switch
    {
        "1" or "满意" or "很满意" or "非常满意" => PetitionRating.Satisfied,
        "2" or "基本满意" or "还行" or "一般" or "比较满意" => PetitionRating.MostlySatisfied,
        "3" or "不满意" or "很不满意" or "非常不满意" => PetitionRating.Dissatisfied,
        _ => null,
    };
}
