using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Conversation.Status;
using PetitionBot.Bot.Grid;

namespace PetitionBot.Bot.Conversation.Filing;

/// <summary>
/// 代为登记 confirmed in the citizen's own chat: the citizen types the code the grid worker gave them, sees the petition the
/// worker filled in and confirms (or corrects) it like a form of their own. A wrong code counts as a failed look-up.
/// </summary>
public sealed class OnBehalfDialog(DisputeFilings filings, FilingDialog filing, ILogger<OnBehalfDialog> logger)
{
    /// <summary>False when the six digits are not a live code and belong to the step the citizen is in (a form, a look-up).</summary>
    public async Task<bool> TryStartAsync(DialogTurn turn, string code, CancellationToken cancellationToken)
    {
        var state = turn.State;
        // Only where six digits mean nothing else: not inside a form, a status look-up or a rating.
        var onlyACode = state.Form is null && state.Mode is DialogMode.Idle or DialogMode.Consult or DialogMode.AwaitingDispute;
        state.FailedLookups.RemoveAll(t => turn.NowUtc - t > TimeSpan.FromHours(1));
        if (state.FailedLookups.Count >= StatusDialog.MaxFailuresPerHour)
        {
            if (!onlyACode) return false;
            turn.Say("确认码错误次数太多了，请一小时后再试，或请网格员改为纸质登记表确认。", ["返回菜单"]);
            return true;
        }
        var prepared = await filings.FindByCodeAsync(code, cancellationToken);
        if (prepared is null)
        {
            if (!onlyACode) return false;
            state.FailedLookups.Add(turn.NowUtc);
            logger.LogInformation("代为登记 code did not match an open filing");
            turn.Say("这个确认码不正确或已过期，请核对后重新输入，或请网格员重新生成。", ["返回菜单"]);
            return true;
        }
        var form = new FormState { StartedUtc = turn.NowUtc, Draft = prepared.Draft, OnBehalfDisputeId = prepared.DisputeId };
        await filing.ConfirmPreparedAsync(turn, form,
            $"网格员{prepared.WorkerName}根据您反映的情况代为填写了信访事项登记表，请您本人核对。", cancellationToken);
        return true;
    }
}
