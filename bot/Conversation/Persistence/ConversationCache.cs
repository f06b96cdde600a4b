using PetitionBot.Knowledge.Caching;

namespace PetitionBot.Bot.Conversation.Persistence;

/// <summary>
/// The latest conversation rows this instance has read or saved, so a chat message does not start with a database read.
/// A cached row may be stale (another instance saved since): the save is conditional on the version, so a stale turn
/// conflicts, the row is dropped here and the turn is run again on a fresh read. Bounded: two generations of
/// <see cref="Generation"/> rows, so citizens active recently stay.
/// </summary>
public sealed class ConversationCache
{
    public const int Generation = 10_000;

    private readonly GenerationalCache<(string Channel, string UserId), ConversationRecord> _rows = new(Generation);

    public ConversationRecord? Find(string channel, string userId) =>
        _rows.TryGet((channel, userId), out var row) ? row : null;

    /// <summary>Keeps <paramref name="row"/> unless a newer version of it is cached already.</summary>
    public void Remember(ConversationRecord row) =>
        _rows.Set((row.Channel, row.UserId), row, (cached, fresh) => cached.Version > fresh.Version ? cached : fresh);

    public void Forget(string channel, string userId) => _rows.Remove((channel, userId));
}
