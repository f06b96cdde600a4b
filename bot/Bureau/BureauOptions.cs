using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Office;

namespace PetitionBot.Bot.Bureau;

/// <summary>
/// Section "Bureau": who runs this service, as the citizen page and the bot tell citizens (信访工作条例 第十八条: the
/// channels, address, telephone and reception times are published). The defaults work but say that they are defaults,
/// so an installation that forgot them shows it on its own front page.
/// </summary>
public sealed class BureauOptions
{
    public const string Section = "Bureau";
    public const string DefaultMark = "（默认值，";

    /// <summary>Unset: Office:BureauName, the name printed on the forms, so one setting names the bureau everywhere.</summary>
    [StringLength(50, ErrorMessage = "Bureau:Name must be at most 50 characters.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Bureau:Address must be set, e.g. 某市某区某路1号 区信访局接待大厅.")]
    [StringLength(200, ErrorMessage = "Bureau:Address must be at most 200 characters.")]
    public string Address { get; set; } = "地址未设置" + DefaultMark + "请设置 Bureau:Address）";

    [Required(ErrorMessage = "Bureau:Hotline must be set, e.g. 0571-12345678.")]
    [RegularExpression(@"^[0-9][0-9 \-()（）转,，、]{2,48}(\s*（[^）]{1,60}）)?$",
        ErrorMessage = "Bureau:Hotline must be a telephone number (digits, spaces, '-', parentheses), e.g. 0571-12345678.")]
    public string Hotline { get; set; } = "12345" + DefaultMark + "政务服务便民热线，请设置 Bureau:Hotline）";

    [Required(ErrorMessage = "Bureau:OfficeHours must be set, e.g. 工作日 9:00—12:00，13:30—17:00.")]
    [StringLength(200, ErrorMessage = "Bureau:OfficeHours must be at most 200 characters.")]
    public string OfficeHours { get; set; } = "工作日 9:00—12:00，13:30—17:00" + DefaultMark + "请设置 Bureau:OfficeHours）";

    /// <summary>个人信息保护告知; paragraphs separated by line breaks. The default describes what this software does.</summary>
    [Required(ErrorMessage = "Bureau:PrivacyNotice must be set (个人信息保护告知).")]
    [StringLength(4000, ErrorMessage = "Bureau:PrivacyNotice must be at most 4000 characters.")]
    public string PrivacyNotice { get; set; } = DefaultPrivacyNotice;

    /// <summary>The number alone, for a tel: link and for short replies.</summary>
    public string HotlineNumber => Hotline.Split('（', '(')[0].Trim();

    public const string DefaultPrivacyNotice =
        "您在本页咨询和提交信访事项时提供的姓名、身份证号码、联系电话、住址和所反映的情况，仅用于登记、转送、交办、办理和答复您的信访事项及回访，" +
        "依据《中华人民共和国个人信息保护法》和《信访工作条例》处理。\n" +
        "身份证号码加密保存，电话号码在页面、对话记录和日志中只显示部分数字；只有承办本事项的工作人员能查看，访问留有记录。\n" +
        "未经您同意，不会将您的个人信息用于其他目的，也不会向无关单位或个人提供；法律、法规另有规定的除外。\n" +
        "您可以通过信访件编号和电话后4位查询办理情况，也可以拨打咨询电话查询、更正您的信息。" +
        "（默认告知文本，可通过 Bureau:PrivacyNotice 设置。）";
}

public static class BureauExtensions
{
    public static IHostApplicationBuilder AddBureau(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BureauOptions>()
            .Bind(builder.Configuration.GetSection(BureauOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // One name everywhere: Bureau:Name, when set, is also the name on forms and in notices (Office:BureauName);
        // when not, the page takes the forms' name.
        var name = builder.Configuration[$"{BureauOptions.Section}:Name"];
        if (!string.IsNullOrWhiteSpace(name)) builder.Services.PostConfigure<OfficeOptions>(o => o.BureauName = name.Trim());
        builder.Services.AddSingleton<IPostConfigureOptions<BureauOptions>>(sp => new PostConfigureOptions<BureauOptions, IOptions<OfficeOptions>>(
            Options.DefaultName, sp.GetRequiredService<IOptions<OfficeOptions>>(), (bureau, office) =>
            {
                if (string.IsNullOrWhiteSpace(bureau.Name)) bureau.Name = office.Value.BureauName;
            }));
        return builder;
    }
}
