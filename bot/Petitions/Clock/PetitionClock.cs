namespace PetitionBot.Bot.Petitions.Clock;

/// <summary>
/// The statutory clock of 信访工作条例, as pure date arithmetic so it can be tested without a database.
/// Periods in days start the day after the day of receipt (the day of receipt is day 0, as 民法典 第二百零一条 counts),
/// so "15日内" from 2026-03-02 ends at the close of 2026-03-17. Dates are Asia/Shanghai calendar dates.
/// 工作日 are Monday to Friday; there is no holiday calendar (法定节假日 and 调休 are not known to the system).
/// </summary>
public static class PetitionClock
{
    /// <summary>The last day of a period of <paramref name="days"/> calendar days starting the day after <paramref name="start"/>.</summary>
    public static DateOnly AddCalendarDays(DateOnly start, int days) => start.AddDays(days);

    /// <summary>The last day of a period of <paramref name="days"/> working days (Mon–Fri) after <paramref name="start"/>.</summary>
    public static DateOnly AddWorkingDays(DateOnly start, int days)
    {
        var date = start;
        var counted = 0;
        while (counted < days)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date)) counted++;
        }
        return date;
    }

    public static bool IsWorkingDay(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>A deadline is missed from the day after its last day on.</summary>
    public static bool IsOverdue(DateOnly due, DateOnly today) => today > due;

    /// <summary>Due within the next <paramref name="withinDays"/> days (today included) and not yet missed.</summary>
    public static bool IsDueSoon(DateOnly due, DateOnly today, int withinDays = 3) =>
        !IsOverdue(due, today) && due <= today.AddDays(withinDays);

    /// <summary>Days left until the end of the due day (0 on the due day, negative once overdue).</summary>
    public static int DaysLeft(DateOnly due, DateOnly today) => due.DayNumber - today.DayNumber;

    /// <summary>The last instant of a China calendar day, in UTC: what Petition.DueUtc stores.</summary>
    public static DateTime EndOfDayUtc(DateOnly date) => ChinaTime.StartOfDayUtc(date.AddDays(1)).AddSeconds(-1);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Format(DateTime? utc) => utc is { } u ? Format(ChinaTime.ToDate(u)) : "—";
}
