namespace PetitionBot.Knowledge.Search;

/// <summary>Adjacent pairs of Chinese characters: the unit our typo correction, law classifier and paragraph choice count.</summary>
internal static class HanPairs
{
    public static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff';

    /// <summary>Every pair of adjacent Han characters, in order, repeats included.</summary>
    public static IEnumerable<string> Of(string text)
    {
        for (var i = 0; i + 1 < text.Length; i++)
            if (IsHan(text[i]) && IsHan(text[i + 1])) yield return text.Substring(i, 2);
    }
}
