using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Office.Workflow;

/// <summary>Office rules read off a petition; how statuses, categories and ratings read is PetitionStatusText.</summary>
public static class PetitionRules
{
    /// <summary>Statuses after which the office has nothing left to decide.</summary>
    public static bool IsFinished(PetitionStatus s) =>
        s is PetitionStatus.Declined or PetitionStatus.Closed or PetitionStatus.TransferredToLegal or PetitionStatus.Cancelled
            or PetitionStatus.Concluded;

    public static readonly string[] Fields = ["城乡建设", "劳动社保", "两拖欠", "市场监管", "涉法涉诉", "自然资源", "生态环境", "教育卫生", "其他"];

    /// <summary>初信初访: not a repeat and not raised before.</summary>
    public static bool IsFirstPetition(Petition p) => !p.IsRepeat && !p.RaisedBefore;
}
