using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Office.Workflow;

public static class StatusText
{
    public static string Of(PetitionStatus status) => status switch
    {
        PetitionStatus.Registered => "已登记",
        PetitionStatus.Accepted => "已受理",
        PetitionStatus.Declined => "不予受理",
        PetitionStatus.Forwarded => "已转送/交办",
        PetitionStatus.InProgress => "办理中",
        PetitionStatus.Extended => "已延期",
        PetitionStatus.Replied => "已答复",
        PetitionStatus.UnderReview => "复查中",
        PetitionStatus.UnderRecheck => "复核中",
        PetitionStatus.Concluded => "办结",
        PetitionStatus.Closed => "终结",
        PetitionStatus.TransferredToLegal => "已移交政法机关",
        PetitionStatus.Cancelled => "已撤销",
        _ => status.ToString(),
    };

    public static string Of(PetitionCategory category) => category switch
    {
        PetitionCategory.Suggestion => "建议意见",
        PetitionCategory.Accusation => "检举控告",
        PetitionCategory.Grievance => "申诉求决",
        _ => category.ToString(),
    };

    public static string Of(PetitionRating? rating) => rating switch
    {
        PetitionRating.Satisfied => "满意",
        PetitionRating.MostlySatisfied => "基本满意",
        PetitionRating.Dissatisfied => "不满意",
        _ => "未评价",
    };

    /// <summary>Statuses after which the office has nothing left to decide.</summary>
    public static bool IsFinished(PetitionStatus s) =>
        s is PetitionStatus.Declined or PetitionStatus.Closed or PetitionStatus.TransferredToLegal or PetitionStatus.Cancelled
            or PetitionStatus.Concluded;

    public static readonly string[] Fields = ["城乡建设", "劳动社保", "两拖欠", "市场监管", "涉法涉诉", "自然资源", "生态环境", "教育卫生", "其他"];

    /// <summary>初信初访: not a repeat and not raised before.</summary>
    public static bool IsFirstPetition(Petition p) => !p.IsRepeat && !p.RaisedBefore;
}
