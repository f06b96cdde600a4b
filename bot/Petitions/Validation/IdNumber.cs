using System.Globalization;

namespace PetitionBot.Bot.Petitions.Validation;

/// <summary>Citizen ID numbers as defined by GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence, check digit.</summary>
public static class IdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckDigits = "10X98765432";

    // Province-level codes (GB/T 2260) plus 71/81/82 (Taiwan, Hong Kong, Macao residence permits) and 83/91.
    private static readonly HashSet<int> Provinces =
    [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
    ];

    public static FieldCheck Check(string input, DateOnly today)
    {
        var id = ChineseText.ToHalfWidth(input).Replace(" ", "").Replace("-", "").ToUpperInvariant();
        if (id.Length == 15 && id.All(char.IsAsciiDigit))
            return FieldCheck.Fail("这是15位的旧身份证号，请输入现在使用的18位身份证号。");
        if (id.Length != 18)
            return FieldCheck.Fail($"身份证号应为18位（最后一位可能是X），您输入的是{id.Length}位，请核对后重新输入。");
        if (!id[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(id[17]) || id[17] == 'X'))
            return FieldCheck.Fail("身份证号前17位应全是数字，最后一位是数字或X，请核对后重新输入。");
        if (!Provinces.Contains(int.Parse(id[..2], CultureInfo.InvariantCulture)))
            return FieldCheck.Fail("身份证号开头的地区代码不正确，请核对后重新输入。");
        if (!DateOnly.TryParseExact(id[6..14], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900 || birth > today)
            return FieldCheck.Fail($"身份证号第7到14位应是出生日期，“{id[6..14]}”不是有效的日期，请核对后重新输入。");
        if (CheckDigit(id) != id[17])
            return FieldCheck.Fail("身份证号的校验位（最后一位）与前17位对不上，可能有数字输错了，请逐位核对后重新输入。");
        return FieldCheck.Ok(id);
    }

    /// <summary>The GB 11643 check character for the first 17 digits.</summary>
    public static char CheckDigit(string id)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (id[i] - '0') * Weights[i];
        return CheckDigits[sum % 11];
    }

    /// <summary>1101**********123X: region prefix and last four only.</summary>
    public static string Mask(string id) =>
        id.Length <= 8 ? new string('*', id.Length) : id[..4] + new string('*', id.Length - 8) + id[^4..];
}
