using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Conversation;

/// <summary>身份证号, 电话 and 姓名 stay out of logs and out of the transcript attached to the petition.</summary>
public class PersonalDataTests
{
    private const string Id = "110101199003071233";
    private const string Phone = "13800138000";
    private const string Name = "欧阳娜娜";

    private static readonly string[] Form =
    [
        "我要反映问题", Name, Id, Phone, "城关街道幸福路12号", "城关街道", "宏达建筑有限公司", "3", "两拖欠",
        "要求支付拖欠的三个月工资", "8月到10月在宏达建筑有限公司工地干活，三个月工资一直没发。", "否", "1", "好了",
        "电话写错了，应该是13900139000", "确认提交", "查询 XF20261125-0001 9000",
    ];

    [Fact]
    public async Task Filing_a_petition_logs_no_id_number_phone_or_name()
    {
        var logs = new CollectingLoggerProvider();
        await using var host = BotHost.Start(options: new BotHostOptions
        {
            Services = services => services.AddSingleton<ILoggerProvider>(logs),
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
        });
        var user = "web-" + Guid.NewGuid().ToString("N");
        foreach (var text in Form) await host.SayAsync(user, text);

        Assert.NotEmpty(logs.Messages);
        Assert.Contains(logs.Messages, m => m.Contains("XF20261125-0001"));
        foreach (var secret in new[] { Id, Phone, "13900139000", Name })
            Assert.DoesNotContain(logs.Messages, m => m.Contains(secret));
    }

    [Fact]
    public async Task The_chat_transcript_kept_with_the_petition_is_masked()
    {
        await using var host = BotHost.Start();
        var user = "web-" + Guid.NewGuid().ToString("N");
        foreach (var text in Form) await host.SayAsync(user, text);

        List<string> lines = [];
        await host.WithDbAsync(async db => lines = await db.Petitions.SelectMany(p => p.Transcript).OrderBy(t => t.Id).Select(t => t.Text).ToListAsync());
        Assert.Contains(lines, l => l.Contains("1101**********1233"));
        Assert.Contains(lines, l => l.Contains("欧***"));
        foreach (var secret in new[] { Id, Phone, "13900139000", Name })
            Assert.DoesNotContain(lines, l => l.Contains(secret));
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose() { }

        private sealed class Logger(CollectingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Enqueue(formatter(state, exception) + (exception is null ? "" : "\n" + exception));
        }
    }
}
