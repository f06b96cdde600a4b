using System.Collections.Concurrent;

namespace PetitionBot.Bot.Conversation.Persistence;

/// <summary>
/// The latest conversation rows this instance has read or saved, so a chat message does not start with a database read.
/// A cached row may be stale (another instance saved since): the save is conditional on the version, so a stale turn
/// conflicts, the row is dropped here and the turn is run again on a fresh read. Bounded by two generations of
/// <see cref="Generation"/> rows; citizens active recently stay.
/// </summary>
public sealed class ConversationCache
{
    public const int Generation = 10_000;

    private ConcurrentDictionary<(string Channel, string UserId), ConversationRecord> _recent = new();
    private ConcurrentDictionary<(string Channel, string UserId), ConversationRecord> _older = new();
    private readonly Lock _rotate = new();

    public ConversationRecord? Find(string channel, string userId)
    {
        var key = (channel, userId);
        return Volatile.Read(ref _recent).TryGetValue(key, out var row) || Volatile.Read(ref _older).TryGetValue(key, out row)
            ? row
            : null;
    }

    /// <summary>Keeps <paramref name="row"/> unless a newer version of it is cached already.</summary>
    public void Remember(ConversationRecord row)
    {
        var recent = Volatile.Read(ref _recent);
        if (recent.Count >= Generation) recent = Rotate(recent);
        recent.AddOrUpdate((row.Channel, row.UserId), row, (_, cached) => cached.Version > row.Version ? cached : row);
    }

    public void Forget(string channel, string userId)
    {
        var key = (channel, userId);
        Volatile.Read(ref _recent).TryRemove(key, out _);
        Volatile.Read(ref _older).TryRemove(key, out _);
    }

    private ConcurrentDictionary<(string, string), ConversationRecord> Rotate(ConcurrentDictionary<(string, string), ConversationRecord> full)
    {
        lock (_rotate)
        {
            if (!ReferenceEquals(_recent, full)) return _recent; // another thread rotated first
            Volatile.Write(ref _older, full);
            var fresh = new ConcurrentDictionary<(string, string), ConversationRecord>();
            Volatile.Write(ref _recent, fresh);
            return fresh;
        }
    }
}
