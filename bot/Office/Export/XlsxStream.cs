using System.IO.Compression;
using System.Text;
using System.Xml;

namespace PetitionBot.Bot.Office.Export;

/// <summary>
/// Writes a one-sheet .xlsx straight to a response as rows arrive, so an export of 100,000 petitions holds one chunk
/// in memory, not the workbook. Cells are inline strings and numbers (no shared-string table, which would need every
/// string before the sheet could be closed). The ZIP is written forwards only (data descriptors), as a network stream
/// requires; bytes are collected in a small buffer and sent asynchronously every <see cref="RowsPerChunk"/> rows.
/// </summary>
public sealed class XlsxStream : IAsyncDisposable
{
    public const int RowsPerChunk = 500;

    private readonly Stream output;
    private readonly ChunkBuffer buffer = new();
    private readonly ZipArchive zip;
    private readonly Stream sheetStream;
    private readonly XmlWriter sheet;
    private readonly int columns;
    private int row;

    public XlsxStream(Stream output, string sheetName, IReadOnlyList<string> header)
    {
        this.output = output;
        columns = header.Count;
        zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        WritePart("[Content_Types].xml",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
        WritePart("_rels/.rels",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        WritePart("xl/workbook.xml",
            $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{System.Security.SecurityElement.Escape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        WritePart("xl/_rels/workbook.xml.rels",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
        sheetStream = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        sheet = XmlWriter.Create(sheetStream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        sheet.WriteStartDocument(standalone: true);
        sheet.WriteStartElement("worksheet", "http://schemas.openxmlformats.org/spreadsheetml/2006/main");
        sheet.WriteStartElement("sheetData");
        WriteRow(header.Cast<object?>().ToArray());
    }

    /// <summary>Rows written so far, the header not counted.</summary>
    public int Rows => row - 1;

    /// <summary>Bytes handed to the output so far.</summary>
    public long BytesSent { get; private set; }

    public async ValueTask AddAsync(IReadOnlyList<object?> values, CancellationToken ct)
    {
        WriteRow(values);
        if (row % RowsPerChunk == 0)
        {
            sheet.Flush();
            await SendAsync(ct);
        }
    }

    private void WriteRow(IReadOnlyList<object?> values)
    {
        row++;
        sheet.WriteStartElement("row");
        sheet.WriteAttributeString("r", row.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var c = 0; c < columns && c < values.Count; c++)
        {
            var value = values[c];
            if (value is null) continue;
            sheet.WriteStartElement("c");
            sheet.WriteAttributeString("r", Column(c) + row.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (value is int or long or double or decimal)
            {
                sheet.WriteElementString("v", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sheet.WriteAttributeString("t", "inlineStr");
                sheet.WriteStartElement("is");
                sheet.WriteStartElement("t");
                sheet.WriteAttributeString("xml", "space", null, "preserve");
                sheet.WriteString(Clean(value.ToString() ?? ""));
                sheet.WriteEndElement();
                sheet.WriteEndElement();
            }
            sheet.WriteEndElement();
        }
        sheet.WriteEndElement();
    }

    // XML 1.0 cannot carry most control characters; a citizen's text may contain them.
    private static string Clean(string text) =>
        text.Any(ch => ch < 0x20 && ch is not '\t' and not '\n' and not '\r') ? new string(text.Where(ch => ch >= 0x20 || ch is '\t' or '\n' or '\r').ToArray()) : text;

    private static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private void WritePart(string name, string xml)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        s.Write(Encoding.UTF8.GetBytes(xml));
    }

    private async Task SendAsync(CancellationToken ct)
    {
        if (buffer.Length == 0) return;
        BytesSent += buffer.Length;
        await buffer.DrainToAsync(output, ct);
        await output.FlushAsync(ct);
    }

    /// <summary>Closes the sheet and the archive and sends what is left.</summary>
    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        sheet.WriteEndElement();
        sheet.WriteEndElement();
        sheet.WriteEndDocument();
        sheet.Dispose();
        sheetStream.Dispose();
        zip.Dispose();
        await SendAsync(ct);
    }

    public ValueTask DisposeAsync()
    {
        sheet.Dispose();
        sheetStream.Dispose();
        zip.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A forward-only stream the archive writes into synchronously (Kestrel refuses synchronous writes to a response);
    /// its bytes are moved to the response asynchronously between chunks. It reports the position the ZIP needs.
    /// </summary>
    private sealed class ChunkBuffer : Stream
    {
        private readonly MemoryStream pending = new();
        private long position;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => pending.Length;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            pending.Write(buffer, offset, count);
            position += count;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            pending.Write(buffer);
            position += buffer.Length;
        }

        public async Task DrainToAsync(Stream output, CancellationToken ct)
        {
            await output.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), ct);
            pending.SetLength(0);
        }
    }
}
