using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Tests.Office;

public class PetitionClockTests
{
    [Fact]
    public void Fifteen_days_from_receipt_end_fifteen_calendar_days_later()
    {
        Assert.Equal(new DateOnly(2026, 3, 17), PetitionClock.AddCalendarDays(new DateOnly(2026, 3, 2), 15));
    }

    [Fact]
    public void Sixty_days_run_across_month_ends()
    {
        Assert.Equal(new DateOnly(2026, 3, 31), PetitionClock.AddCalendarDays(new DateOnly(2026, 1, 30), 60));
    }

    [Fact]
    public void Five_working_days_skip_the_weekend()
    {
        // Friday 2026-03-06 → Mon, Tue, Wed, Thu, Fri → Friday 2026-03-13.
        Assert.Equal(new DateOnly(2026, 3, 13), PetitionClock.AddWorkingDays(new DateOnly(2026, 3, 6), 5));
        // Saturday receipt: the count starts on Monday.
        Assert.Equal(new DateOnly(2026, 3, 13), PetitionClock.AddWorkingDays(new DateOnly(2026, 3, 7), 5));
    }

    [Fact]
    public void An_item_is_overdue_the_day_after_its_deadline_not_on_it()
    {
        var due = new DateOnly(2026, 3, 17);
        Assert.False(PetitionClock.IsOverdue(due, new DateOnly(2026, 3, 17)));
        Assert.True(PetitionClock.IsOverdue(due, new DateOnly(2026, 3, 18)));
    }

    [Fact]
    public void Due_soon_means_within_three_days_and_not_yet_overdue()
    {
        var due = new DateOnly(2026, 3, 17);
        Assert.False(PetitionClock.IsDueSoon(due, new DateOnly(2026, 3, 13)));
        Assert.True(PetitionClock.IsDueSoon(due, new DateOnly(2026, 3, 14)));
        Assert.True(PetitionClock.IsDueSoon(due, new DateOnly(2026, 3, 17)));
        Assert.False(PetitionClock.IsDueSoon(due, new DateOnly(2026, 3, 18)));
    }

    [Fact]
    public void A_petition_received_after_midnight_in_Beijing_counts_from_the_Beijing_date()
    {
        // 17:30 UTC on 1 March is 01:30 on 2 March in Beijing.
        Assert.Equal(new DateOnly(2026, 3, 2), ChinaTime.ToDate(new DateTime(2026, 3, 1, 17, 30, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void The_stored_due_instant_is_the_last_second_of_the_Beijing_day()
    {
        var end = PetitionClock.EndOfDayUtc(new DateOnly(2026, 3, 17));
        Assert.Equal(new DateTime(2026, 3, 17, 15, 59, 59, DateTimeKind.Utc), end);
        Assert.Equal("2026-03-17", PetitionClock.Format(end));
        Assert.Equal(new DateOnly(2026, 3, 18), ChinaTime.ToDate(end.AddSeconds(1)));
    }
}
