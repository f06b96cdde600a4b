namespace PetitionBot.Bot.Petitions;

/// <summary>The one table of how a channel is named to people (来源渠道 on the office page, the 登记表, the timeline).</summary>
public static class ChannelLabels
{
    public static string Of(string channel) => channel switch
    {
        "web" or "directline" => "网页",
        "wechat" => "微信",
        "wecom" => "企业微信",
        "botframework" => "其他在线渠道",
        Grid.DisputeFilings.PaperChannel => "网格员代为登记（纸质确认）",
        Office.Registration.PetitionRegistration.OfficeChannel => "信访局登记",
        _ => channel,
    };
}
