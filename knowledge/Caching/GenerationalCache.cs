using System.Collections.Concurrent;

namespace PetitionBot.Knowledge.Caching;

/// <summary>
/// A bounded, thread-safe cache in two generations: when the newer one is full it becomes the older one and the old
/// older one is dropped. Entries read from the older generation move to the newer one, so entries in use stay, and the
/// memory held stays below twice <c>generation</c> entries. Shared by the answer cache and the bot's conversation cache.
/// </summary>
public sealed class GenerationalCache<TKey, TValue>(int generation, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private ConcurrentDictionary<TKey, TValue> _recent = new(comparer);
    private ConcurrentDictionary<TKey, TValue> _older = new(comparer);
    private readonly Lock _rotate = new();

    public bool TryGet(TKey key, out TValue value)
    {
        if (Volatile.Read(ref _recent).TryGetValue(key, out value!)) return true;
        if (!Volatile.Read(ref _older).TryGetValue(key, out value!)) return false;
        Recent().TryAdd(key, value);
        return true;
    }

    /// <summary>
    /// The cached value, or a new one from <paramref name="create"/>, stored. Two callers missing at once may both create;
    /// the values are equal, so either is fine.
    /// </summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (TryGet(key, out var value)) return value;
        value = create(key);
        Set(key, value);
        return value;
    }

    /// <summary>Stores <paramref name="value"/>; when the key is cached already, <paramref name="keep"/>(cached, value) decides.</summary>
    public void Set(TKey key, TValue value, Func<TValue, TValue, TValue>? keep = null) =>
        Recent().AddOrUpdate(key, value, (_, cached) => keep is null ? value : keep(cached, value));

    public void Remove(TKey key)
    {
        Volatile.Read(ref _recent).TryRemove(key, out _);
        Volatile.Read(ref _older).TryRemove(key, out _);
    }

    private ConcurrentDictionary<TKey, TValue> Recent()
    {
        var recent = Volatile.Read(ref _recent);
        if (recent.Count < generation) return recent;
        lock (_rotate)
        {
            if (!ReferenceEquals(_recent, recent)) return _recent; // another thread rotated first
            Volatile.Write(ref _older, recent);
            var fresh = new ConcurrentDictionary<TKey, TValue>(comparer);
            Volatile.Write(ref _recent, fresh);
            return fresh;
        }
    }
}
