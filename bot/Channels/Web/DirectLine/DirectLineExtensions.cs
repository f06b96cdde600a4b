using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Notifications;

namespace PetitionBot.Bot.Channels.Web.DirectLine;

public static class DirectLineExtensions
{
    public static IHostApplicationBuilder AddDirectLine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DirectLineOptions>()
            .Bind(builder.Configuration.GetSection(DirectLineOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DirectLineOptions>, DirectLineOptionsValidator>();
        builder.Services.AddSingleton<DirectLineTokens>();
        builder.Services.AddSingleton<DirectLineRateLimiter>();
        builder.Services.AddScoped<DirectLineStore>();
        builder.Services.AddScoped<DirectLineBot>();
        builder.Services.AddSingleton<Data.IHousekeepingTask, DirectLineRetention>();
        builder.Services.AddScoped<INotificationSender, DirectLineNotificationSender>();
        return builder;
    }
}
