using Microsoft.Extensions.Time.Testing;
using PetitionBot.Bot.Llm;

namespace PetitionBot.Tests.Llm;

public class LlmCircuitBreakerTests
{
    [Fact]
    public void Three_failures_in_a_row_stop_calls_for_thirty_seconds_then_one_is_tried_again()
    {
        var time = new FakeTimeProvider();
        var breaker = new LlmCircuitBreaker(time);
        Assert.False(breaker.Failed());
        Assert.False(breaker.Failed());
        Assert.True(breaker.AllowsCall);
        Assert.True(breaker.Failed());
        Assert.False(breaker.AllowsCall);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(breaker.AllowsCall);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(breaker.AllowsCall);

        // The trial call fails: closed again at once, for another 30 s.
        Assert.True(breaker.Failed());
        Assert.False(breaker.AllowsCall);
    }

    [Fact]
    public void A_success_between_failures_keeps_calls_going()
    {
        var breaker = new LlmCircuitBreaker(new FakeTimeProvider());
        breaker.Failed();
        breaker.Failed();
        breaker.Succeeded();
        Assert.False(breaker.Failed());
        Assert.True(breaker.AllowsCall);
    }
}
