namespace PetitionBot.Bot.Reception;

/// <summary>领导接访日 and 走访预约: places, days, bookings, the reminder the day before, the office's day view.</summary>
public static class ReceptionExtensions
{
    public static IHostApplicationBuilder AddReception(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VisitReminderOptions>()
            .Bind(builder.Configuration.GetSection(VisitReminderOptions.Section))
            .Validate(o => o.Problems().Count == 0, "Reception:Reminders:At must be a time of day between 00:00 and 23:59 (Beijing time), e.g. 09:00.")
            .ValidateOnStart();
        builder.Services.AddOptions<BookingRetentionOptions>()
            .Bind(builder.Configuration.GetSection(BookingRetentionOptions.Section))
            .Validate(o => o.Problems().Count == 0, "Reception:BookingRetention must be between 1 day and 10 years (e.g. 90.00:00:00).")
            .ValidateOnStart();
        builder.Services.AddSingleton<Data.IHousekeepingTask, BookingRetention>();
        builder.Services.AddScoped<ReceptionDesk>();
        builder.Services.AddScoped<ReceptionOffice>();
        builder.Services.AddScoped<VisitReminders>();
        builder.Services.AddHostedService<VisitReminderService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReception(this IEndpointRouteBuilder app)
    {
        app.MapReceptionEndpoints();
        return app;
    }
}
