using Microsoft.Extensions.Options;
using PetitionBot.Bot.Bureau;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Bot.Office.Pages;

/// <summary>
/// 登记回执: handed to a citizen whose letter, visit or call was registered in the office, with the tracking number they
/// look the petition up by (the chat's petitioners get theirs in the chat).
/// </summary>
public sealed class ReceiptModel(PetitionFile files, TimeProvider time, IOptions<BureauOptions> bureau) : PrintedPetitionModel(files, time)
{
    public BureauOptions Bureau => bureau.Value;
}
