using System.Reflection;

namespace PetitionBot.Bot.Office.Auth;

/// <summary>
/// What a back-office password must be, for every account (the bootstrap administrator included): long enough, not
/// one of the passwords people pick first (common-passwords.txt, shipped inside the bot), not a run of one or a few
/// characters, not a keyboard or alphabet sequence, and not the user name.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 10;
    private const int MinDistinct = 5;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    public static string? Check(string? password, string? userName = null)
    {
        if (password is null || password.Length < MinLength) return $"密码至少需要 {MinLength} 个字符。";
        var lower = password.ToLowerInvariant();
        if (lower.Distinct().Count() < MinDistinct) return $"密码过于简单：至少要有 {MinDistinct} 个不同的字符。";
        if (IsSequence(lower)) return "密码过于简单：不能是连续的数字、字母或键盘顺序。";
        var stem = lower.TrimEnd("0123456789!@#$%^&*()_-+=.,?~ ".ToCharArray());
        if (Common.Value.Contains(lower) || Common.Value.Contains(stem) || stem.Length > 0 && IsSequence(stem) && stem.Length >= 4)
            return "这个密码太常见，很容易被猜到，请换一个。";
        if (!string.IsNullOrWhiteSpace(userName) && lower.Contains(userName.Trim().ToLowerInvariant(), StringComparison.Ordinal))
            return "密码不能包含用户名。";
        return null;
    }

    // Every step +1 or -1 along one of these rows: 1234567890, abcdefghij, qwertyuiop …
    private static readonly string[] Rows = ["01234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv5tgb"];

    private static bool IsSequence(string s) =>
        Rows.Any(row => row.Contains(s, StringComparison.Ordinal) || new string(s.Reverse().ToArray()) is var r && row.Contains(r, StringComparison.Ordinal));

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PetitionBot.Bot.Office.Auth.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#')) words.Add(line.ToLowerInvariant());
        }
        return words;
    }
}
