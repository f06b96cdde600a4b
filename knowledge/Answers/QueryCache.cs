using Microsoft.Extensions.Caching.Memory;

namespace PetitionBot.Knowledge.Answers;

/// <summary>
/// Results of queries made before (answers, article searches), for one opened index (a new index starts with an empty
/// cache). Citizens ask the same things over and over (复查期限是多久, a menu button's text) and grid workers look up the
/// same articles, while composing an answer or highlighting a search costs a millisecond or more of CPU, most of a
/// request's cost. Bounded to <see cref="Capacity"/> results.
/// </summary>
internal sealed class QueryCache<TKey, TResult>(Func<TKey, TResult> compute) : IDisposable where TKey : notnull
{
    public const int Capacity = 4096;

    private readonly MemoryCache _results = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public TResult Get(TKey key)
    {
        if (_results.TryGetValue(key, out TResult? known)) return known!;
        var result = compute(key);
        _results.Set(key, result, new MemoryCacheEntryOptions { Size = 1 });
        return result;
    }

    public void Dispose() => _results.Dispose();
}
