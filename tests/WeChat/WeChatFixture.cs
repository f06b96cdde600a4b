namespace PetitionBot.Tests.WeChat;

/// <summary>One fake WeChat API and one bot per test class; tests use their own user ids and MsgIds.</summary>
public sealed class WeChatFixture : IAsyncLifetime
{
    private static long _ids = 24_000_000_000_000_000;

    public FakeWeChatApi Api { get; private set; } = null!;
    public WeChatApp App { get; private set; } = null!;

    public static long NewMsgId() => Interlocked.Increment(ref _ids);
    public static string NewUser() => "oU" + Guid.NewGuid().ToString("N")[..20];

    public async Task InitializeAsync()
    {
        Api = await FakeWeChatApi.StartAsync();
        App = new WeChatApp(Api);
        _ = App.Server; // start now, not inside the first test
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Api.DisposeAsync();
    }
}
