using PetitionBot.Bot.Petitions.PersonalData;

namespace PetitionBot.Bot.Llm;

/// <summary>How text goes into the user message of a request to the model: as data between markers, never as instructions.</summary>
public static class PromptData
{
    /// <summary>A citizen's text: ID and phone numbers as placeholders (the model never sees them), markers defused.</summary>
    public static string Citizen(string text) => Defuse(Masking.ForModel(text));

    /// <summary>No text can close or open a marker: angle brackets become full-width.</summary>
    public static string Defuse(string text) => text.Replace('<', '＜').Replace('>', '＞');
}
