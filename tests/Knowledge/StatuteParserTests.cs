using PetitionBot.Knowledge.Statutes;

namespace PetitionBot.Tests.Knowledge;

public class StatuteParserTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static StatuteDocument Sample() =>
        StatuteCorpus.Load([Path.Combine(Fixtures, "corpus")]).Documents.Single();

    [Fact]
    public void Articles_are_found_with_title_from_the_manifest()
    {
        var doc = Sample();
        Assert.Equal("示例街道议事规则", doc.Title);
        Assert.Equal([1, 2, 3, 10, 11], doc.Articles.Select(a => a.Number));
        Assert.Contains("2024年1月1日 示例街道办事处印发", doc.IssuanceLines);
    }

    [Fact]
    public void Article_keeps_its_chapter_and_section_path()
    {
        var article = Sample().Articles.Single(a => a.Number == 10);
        Assert.Equal("第二章 议事程序 / 第二节 答复", article.Path);
        Assert.Equal("第十条", article.Label);
    }

    [Fact]
    public void Paragraph_starting_with_第三人_stays_inside_its_article()
    {
        var article = Sample().Articles.Single(a => a.Number == 3);
        Assert.Equal(4, article.Paragraphs.Count);
        Assert.StartsWith("第三人认为", article.Paragraphs[^1]);
    }

    [Fact]
    public void Zero_width_and_ideographic_spaces_and_crlf_are_cleaned()
    {
        var doc = Sample();
        Assert.Equal("为了让居民议事有章可循，制定本规则。", doc.Articles[0].Text);
        Assert.Equal("居民可以就小区公共事务提出意见。\n意见可以口头提出，也可以写成书面材料。", doc.Articles[1].Text);
        Assert.Equal("第一章 总则", doc.Articles[0].Path);
    }

    [Fact]
    public void Malformed_file_is_reported_with_file_and_line_and_the_others_still_load()
    {
        var corpus = StatuteCorpus.Load([Path.Combine(Fixtures, "broken")]);
        var error = Assert.Single(corpus.Errors);
        Assert.Equal("daotui.md", error.File);
        Assert.Equal(7, error.Line);
        Assert.Contains("daotui.md:7", error.Message);
        Assert.Equal(5, corpus.ArticleCount);
    }

    [Theory]
    [InlineData("一", 1)]
    [InlineData("十", 10)]
    [InlineData("三十五", 35)]
    [InlineData("一百零五", 105)]
    [InlineData("一百七十一", 171)]
    [InlineData("一千二百六十", 1260)]
    [InlineData("35", 35)]
    public void Chinese_numerals_parse(string text, int expected) =>
        Assert.Equal(expected, ChineseNumeral.Parse(text));

    [Theory]
    [InlineData(10, "第十条")]
    [InlineData(34, "第三十四条")]
    [InlineData(105, "第一百零五条")]
    [InlineData(110, "第一百一十条")]
    [InlineData(1001, "第一千零一条")]
    public void Article_labels_are_written_as_statutes_write_them(int n, string label) =>
        Assert.Equal(label, ChineseNumeral.ArticleLabel(n));
}
