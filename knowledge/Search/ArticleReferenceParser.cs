using System.Text.RegularExpressions;
using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Statutes;

namespace PetitionBot.Knowledge.Search;

/// <summary>A direct reference in a question: "民诉法第一百七十一条", "第35条", "条例三十一条".</summary>
public sealed record ArticleReference(IReadOnlyList<string> Files, int Number, string MatchedName);

/// <summary>Finds exact article references. A bare 第X条 means the default document (信访工作条例).</summary>
public sealed partial class ArticleReferenceParser
{
    private readonly List<(string Name, string File)> _names;
    private readonly string? _defaultFile;

    public ArticleReferenceParser(IEnumerable<DocumentInfo> documents)
    {
        var list = documents.ToList();
        _names = list.SelectMany(d => d.Short.Append(d.Title).Select(n => (Name: n, d.File)))
            .OrderByDescending(n => n.Name.Length).ToList();
        _defaultFile = list.FirstOrDefault(d => d.Default)?.File;
    }

    [GeneratedRegex(@"(第)?\s*([零〇一二两三四五六七八九十百千\d]{1,8})\s*条")]
    private static partial Regex ArticleNumber();

    public IReadOnlyList<ArticleReference> Parse(string question)
    {
        var found = new List<ArticleReference>();
        foreach (Match m in ArticleNumber().Matches(question))
        {
            if (ChineseNumeral.Parse(m.Groups[2].ValueSpan) is not { } number || number == 0) continue;
            var before = question[..m.Index].TrimEnd();
            var named = _names.Where(n => before.EndsWith(n.Name, StringComparison.Ordinal)
                    || before.EndsWith(n.Name + "的", StringComparison.Ordinal))
                .ToList();
            if (named.Count == 0)
            {
                // "第X条" alone, or a document named earlier in the sentence ("民诉法关于上诉的第171条").
                named = _names.Where(n => before.Contains(n.Name, StringComparison.Ordinal)).Take(1).ToList();
                if (named.Count > 0)
                    named = _names.Where(n => n.Name == named[0].Name).ToList();
            }
            else
            {
                var longest = named[0].Name;
                named = named.Where(n => n.Name == longest).ToList();
            }
            if (named.Count == 0 && !m.Groups[1].Success) continue; // "三条路" is not a reference
            var files = named.Count > 0 ? named.Select(n => n.File).Distinct().ToList()
                : _defaultFile is null ? [] : [_defaultFile];
            if (files.Count == 0) continue;
            found.Add(new ArticleReference(files, number, named.Count > 0 ? named[0].Name : ""));
        }
        return found;
    }

    [GeneratedRegex(@"是什么|什么|说的|讲的|写的|规定|内容|原文|全文|条文|具体|请问|查一下|查询|一下|怎么|哪些|的|了|吗|呢|啊|呀|是|啥|有")]
    private static partial Regex Filler();

    /// <summary>
    /// True when the question is only a look-up ("第三十五条", "劳动合同法第七条是怎么规定的"); an article named inside a
    /// longer question ("劳动合同法第十条说要签书面合同……老板一直没跟我签") is context, not what was asked.
    /// </summary>
    public bool IsLookupOnly(string question)
    {
        var rest = ArticleNumber().Replace(question, " ");
        foreach (var (name, _) in _names) rest = rest.Replace(name, " ", StringComparison.Ordinal);
        rest = Filler().Replace(rest, "");
        return rest.Count(c => c is >= '\u4e00' and <= '\u9fff') <= 4;
    }

    /// <summary>The question without the documents it names: the name picks the document, the rest says what in it.</summary>
    public string WithoutNames(string question)
    {
        foreach (var (name, _) in _names)
            if (name.Length >= 2 && name != "条例") question = question.Replace(name, " ", StringComparison.Ordinal);
        return question;
    }

    /// <summary>Documents a question names ("消法", "民诉法"), for boosting.</summary>
    public IReadOnlyList<string> MentionedFiles(string question)
    {
        var files = new List<string>();
        foreach (var (name, file) in _names)
        {
            if (name.Length < 2 || name == "条例") continue;
            if (!question.Contains(name, StringComparison.Ordinal)) continue;
            if (!files.Contains(file)) files.Add(file);
        }
        return files;
    }
}
