using System.Linq.Expressions;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.CaseOwnership;

/// <summary>The rules of 包保 in one place: which petitions may get an owning leader, and when a case is flagged.</summary>
public static class CaseRules
{
    /// <summary>
    /// A petition may get an owning leader when it is a repeat petition (重复信访), a case assigned from above (来源 上级交办)
    /// or a clerk marked it for repeat-petition governance (重复信访治理). The one place for this condition.
    /// </summary>
    public static readonly Expression<Func<Petition, bool>> Eligible =
        p => p.IsRepeat || p.RepeatGovernance || p.Source == PetitionSource.Assigned;

    private static readonly Func<Petition, bool> IsEligibleCompiled = Eligible.Compile();

    public static bool IsEligible(Petition petition) => IsEligibleCompiled(petition);

    /// <summary>The owner reports weekly: an open case is flagged once 7 days pass without progress (or since assignment).</summary>
    public const int StaleAfterDays = 7;

    /// <summary>Cases assigned, and last reported on, on or before this date are flagged today.</summary>
    public static DateOnly StaleOnOrBefore(DateOnly today) => today.AddDays(-StaleAfterDays);

    /// <summary>
    /// Counted from the later of the latest progress and the (re)assignment: a new owner gets their own first week even
    /// when the previous owner reported.
    /// </summary>
    public static bool IsStale(DateOnly? lastProgress, DateOnly assignedOn, DateOnly? closedOn, DateOnly today) =>
        closedOn is null && assignedOn <= StaleOnOrBefore(today) && !(lastProgress > StaleOnOrBefore(today));

    /// <summary>The same rule as <see cref="IsStale"/>, for a database query.</summary>
    public static Expression<Func<OwnedCase, bool>> Stale(DateOnly today)
    {
        var cutoff = StaleOnOrBefore(today);
        return c => c.ClosedOn == null && c.AssignedOn <= cutoff && !c.Progress.Any(p => p.Date > cutoff);
    }
}
