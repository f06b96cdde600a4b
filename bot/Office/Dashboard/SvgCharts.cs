using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace PetitionBot.Bot.Office.Dashboard;

/// <summary>Small charts drawn on the server as inline SVG: no script, no CDN, and they print.</summary>
public static class SvgCharts
{
    private static readonly string[] Palette = ["#1f5fa8", "#2e8b57", "#c77c0e", "#8e44ad", "#b03a2e", "#16a085", "#7f8c8d", "#d35400", "#2c3e50"];

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Horizontal bars, one per bucket, with the count at the end.</summary>
    public static IHtmlContent Bars(string title, IReadOnlyList<Bucket> buckets, int width = 420)
    {
        const int row = 24, labelWidth = 130, top = 8;
        var height = Math.Max(1, buckets.Count) * row + top * 2;
        var max = Math.Max(1, buckets.Count == 0 ? 1 : buckets.Max(b => b.Value));
        var barSpace = width - labelWidth - 40;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>");
        if (buckets.Count == 0) sb.Append("<text x=\"8\" y=\"24\" fill=\"#666\" font-size=\"13\">暂无数据</text>");
        for (var i = 0; i < buckets.Count; i++)
        {
            var b = buckets[i];
            var y = top + i * row;
            var w = Math.Max(2, (double)b.Value / max * barSpace);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + 16}\" text-anchor=\"end\" font-size=\"13\">{E(Trim(b.Label, 9))}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{N(w)}\" height=\"16\" rx=\"2\" fill=\"{Palette[i % Palette.Length]}\"><title>{E(b.Label)}：{b.Value}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(labelWidth + w + 6)}\" y=\"{y + 16}\" font-size=\"13\">{b.Value}</text>");
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    /// <summary>Vertical columns over time.</summary>
    public static IHtmlContent Columns(string title, IReadOnlyList<Bucket> buckets, int width = 560, int height = 200)
    {
        const int bottom = 28, top = 18, left = 8;
        var n = Math.Max(1, buckets.Count);
        var max = Math.Max(1, buckets.Count == 0 ? 1 : buckets.Max(b => b.Value));
        var slot = (double)(width - left * 2) / n;
        var barWidth = Math.Min(40, slot * 0.7);
        var plot = height - bottom - top;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - left}\" y2=\"{height - bottom}\" stroke=\"#999\"/>");
        if (buckets.Count == 0) sb.Append("<text x=\"12\" y=\"40\" fill=\"#666\" font-size=\"13\">暂无数据</text>");
        for (var i = 0; i < buckets.Count; i++)
        {
            var b = buckets[i];
            var h = Math.Max(1, (double)b.Value / max * plot);
            var x = left + i * slot + (slot - barWidth) / 2;
            var y = height - bottom - h;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(barWidth)}\" height=\"{N(h)}\" fill=\"#1f5fa8\"><title>{E(b.Label)}：{b.Value}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + barWidth / 2)}\" y=\"{N(y - 4)}\" text-anchor=\"middle\" font-size=\"12\">{b.Value}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + barWidth / 2)}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{E(b.Label)}</text>");
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    /// <summary>A ring showing a rate, with the percentage in the middle and part/whole under it.</summary>
    public static IHtmlContent Ring(string title, Rate rate, string color = "#1f5fa8", int size = 150)
    {
        var r = size / 2.0 - 12;
        var c = size / 2.0;
        var circumference = 2 * Math.PI * r;
        var filled = (rate.Value ?? 0) * circumference;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"ring\" role=\"img\" aria-label=\"{E(title)} {rate.Percent}\" viewBox=\"0 0 {size} {size + 22}\" width=\"{size}\" height=\"{size + 22}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(c)}\" cy=\"{N(c)}\" r=\"{N(r)}\" fill=\"none\" stroke=\"#e3e6ea\" stroke-width=\"14\"/>");
        sb.Append(CultureInfo.InvariantCulture,
            $"<circle cx=\"{N(c)}\" cy=\"{N(c)}\" r=\"{N(r)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"14\" stroke-dasharray=\"{N(filled)} {N(circumference)}\" transform=\"rotate(-90 {N(c)} {N(c)})\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(c)}\" y=\"{N(c + 7)}\" text-anchor=\"middle\" font-size=\"22\" font-weight=\"bold\">{rate.Percent}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(c)}\" y=\"{size + 16}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#555\">{rate.Part} / {rate.Whole}</text>");
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    private static string Trim(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
