using System.Globalization;

namespace PetitionBot.Bot.Petitions.Clock;

/// <summary>Times are stored in UTC and shown to people in Asia/Shanghai (UTC+8, no daylight saving).</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // Slim containers may ship without tzdata; China has had a fixed UTC+8 offset since 1991.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "CST");
        }
    }

    public static DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The China calendar day an instant falls on.</summary>
    public static DateOnly ToDate(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    public static DateOnly Today(TimeProvider time) => ToDate(time.GetUtcNow().UtcDateTime);

    /// <summary>Midnight at the start of a China calendar day, in UTC (Kind Utc, as PostgreSQL requires).</summary>
    public static DateTime StartOfDayUtc(DateOnly date) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone);

    /// <summary>2026-11-25 10:30, for people.</summary>
    public static string Format(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>2026年11月25日, for people.</summary>
    public static string FormatDate(DateTime utc) => ToLocal(utc).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
}
