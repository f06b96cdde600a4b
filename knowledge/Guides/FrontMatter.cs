namespace PetitionBot.Knowledge.Guides;

/// <summary>
/// The small YAML subset our guide files use: "key: value", "key: [a, b]" and "key:" followed by "  - item" lines.
/// A full YAML library would be overkill for hand-written front matter.
/// </summary>
internal static class FrontMatter
{
    public static (Dictionary<string, List<string>> Fields, string Body) Split(string text, string file)
    {
        text = text.Replace("\r", "").TrimStart('\uFEFF');
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
            throw new FormatException($"{file}:1: a guide starts with a '---' front matter block.");
        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        string? listKey = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var raw = lines[i];
            var line = raw.Trim();
            if (line == "---")
                return (fields, string.Join('\n', lines[(i + 1)..]).Trim());
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("- ") && listKey is not null)
            {
                fields[listKey].Add(Unquote(StripComment(line[2..])));
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new FormatException($"{file}:{i + 1}: expected 'key: value'.");
            var key = line[..colon].Trim();
            var value = StripComment(line[(colon + 1)..]).Trim();
            listKey = null;
            if (value.Length == 0) { fields[key] = []; listKey = key; }
            else if (value.StartsWith('[') && value.EndsWith(']'))
                fields[key] = value[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(Unquote).ToList();
            else fields[key] = [Unquote(value)];
        }
        throw new FormatException($"{file}: the front matter is not closed with '---'.");
    }

    // "# " starts a comment only after white space, so "file.md#35" survives.
    private static string StripComment(string s)
    {
        var at = s.IndexOf(" #", StringComparison.Ordinal);
        return (at >= 0 ? s[..at] : s).Trim();
    }

    private static string Unquote(string s) =>
        s.Length >= 2 && (s[0] == '"' && s[^1] == '"' || s[0] == '\'' && s[^1] == '\'') ? s[1..^1] : s;
}
