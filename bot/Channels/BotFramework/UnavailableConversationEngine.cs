using PetitionBot.Bot.Conversation;

namespace PetitionBot.Bot.Channels.BotFramework;

/// <summary>
/// Registered with TryAdd only, so it is used only while no real IConversationEngine is registered (AddConversation
/// runs first in Program.cs): the channels then start and say so politely instead of failing to resolve.
/// Delete once the conversation feature is merged.
/// </summary>
internal sealed class UnavailableConversationEngine : IConversationEngine
{
    public Task<IReadOnlyList<BotReply>> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BotReply>>([new BotReply("信访助手正在维护，暂时无法回答，请稍后再试。")]);
}
