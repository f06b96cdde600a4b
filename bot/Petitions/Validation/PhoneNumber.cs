using System.Text.RegularExpressions;

namespace PetitionBot.Bot.Petitions.Validation;

/// <summary>Mainland mobile numbers (1[3-9] + 9 digits) and landlines with their area code.</summary>
public static partial class PhoneNumber
{
    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex Mobile();

    // Area codes are 010, 02x (3 digits) or 0xxx (4 digits); local numbers 7 or 8 digits; optional extension.
    [GeneratedRegex(@"^(?<area>010|02\d|0[3-9]\d{2})-?(?<local>[2-9]\d{6,7})(?:-(?<ext>\d{1,6}))?$")]
    private static partial Regex Landline();

    public static FieldCheck Check(string input)
    {
        var text = ChineseText.ToHalfWidth(input).Trim()
            .Replace(" ", "").Replace("（", "(").Replace("）", ")").Replace("(", "").Replace(")", "").Replace("—", "-");
        if (text.StartsWith("+86", StringComparison.Ordinal)) text = text[3..].TrimStart('-');
        else if (text.StartsWith("0086", StringComparison.Ordinal)) text = text[4..].TrimStart('-');

        var digitsOnly = text.Replace("-", "");
        if (digitsOnly.Length == 0 || !digitsOnly.All(char.IsAsciiDigit))
            return FieldCheck.Fail("电话号码只能包含数字（座机可以用“-”隔开区号），请重新输入。");
        if (Mobile().IsMatch(digitsOnly)) return FieldCheck.Ok(digitsOnly);

        var landline = Landline().Match(text);
        if (landline.Success)
        {
            var ext = landline.Groups["ext"].Success ? "-" + landline.Groups["ext"].Value : "";
            return FieldCheck.Ok($"{landline.Groups["area"].Value}-{landline.Groups["local"].Value}{ext}");
        }

        if (digitsOnly[0] == '1')
        {
            return digitsOnly.Length == 11
                ? FieldCheck.Fail("这不是有效的手机号：手机号是11位数字，并以13到19开头。请核对后重新输入；座机请加区号，例如 0571-88881234。")
                : FieldCheck.Fail($"手机号应为11位数字，您输入的是{digitsOnly.Length}位，请核对后重新输入。");
        }
        if (digitsOnly[0] == '0')
            return FieldCheck.Fail("座机号码格式不对：应为“区号-号码”，区号3到4位、号码7到8位，例如 0571-88881234。");
        return FieldCheck.Fail("座机号码请加上区号，例如 0571-88881234；手机号是以1开头的11位数字。");
    }

    /// <summary>138****8000 or 0571-****1234: enough for the owner to recognise, useless to anyone else.</summary>
    public static string Mask(string phone)
    {
        if (phone.Length < 7) return new string('*', phone.Length);
        var dash = phone.IndexOf('-');
        if (dash > 0 && phone[0] == '0')
        {
            var local = phone[(dash + 1)..];
            var keep = Math.Min(4, local.Length);
            return phone[..(dash + 1)] + new string('*', Math.Max(0, local.Length - keep)) + local[^keep..];
        }
        return phone[..3] + new string('*', phone.Length - 7) + phone[^4..];
    }

    /// <summary>The last four digits, as asked by the status look-up.</summary>
    public static string LastFour(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return digits.Length <= 4 ? digits : digits[^4..];
    }
}
