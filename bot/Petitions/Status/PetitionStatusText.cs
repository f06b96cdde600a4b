namespace PetitionBot.Bot.Petitions.Status;

/// <summary>
/// How statuses, categories and ratings read, to citizens and to the office alike (one table). A petition the citizen
/// withdraws is 已撤回: 信访工作条例 uses 撤销 only for a body that is abolished (第二十四条).
/// </summary>
public static class PetitionStatusText
{
    public static string Label(PetitionStatus status) => status switch
    {
        PetitionStatus.Registered => "已登记，等待受理",
        PetitionStatus.Accepted => "已受理",
        PetitionStatus.Declined => "不予受理",
        PetitionStatus.Forwarded => "已转送/交办",
        PetitionStatus.InProgress => "办理中",
        PetitionStatus.Extended => "已延期办理",
        PetitionStatus.Replied => "已答复",
        PetitionStatus.UnderReview => "复查中",
        PetitionStatus.UnderRecheck => "复核中",
        PetitionStatus.Concluded => "已办结",
        PetitionStatus.Closed => "已终结",
        PetitionStatus.TransferredToLegal => "涉法涉诉，已移交政法机关",
        PetitionStatus.Cancelled => "已撤回",
        _ => status.ToString(),
    };

    public static string Label(PetitionCategory category) => category switch
    {
        PetitionCategory.Suggestion => "建议意见",
        PetitionCategory.Accusation => "检举控告",
        PetitionCategory.Grievance => "申诉求决",
        _ => category.ToString(),
    };

    public static string Label(PetitionRating? rating) => rating switch
    {
        PetitionRating.Satisfied => "满意",
        PetitionRating.MostlySatisfied => "基本满意",
        PetitionRating.Dissatisfied => "不满意",
        null => "未评价",
        _ => rating.ToString()!,
    };
}
