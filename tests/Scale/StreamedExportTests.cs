using MiniExcelLibs;
using PetitionBot.Bot.Office.Export;

namespace PetitionBot.Tests.Scale;

public class StreamedExportTests
{
    [Fact]
    public async Task The_export_sends_its_first_rows_before_the_last_row_is_read()
    {
        var sink = new ForwardOnlySink();
        var xlsx = new XlsxStream(sink, "信访事项", ["编号", "信访人", "剩余天数"]);
        long sentWhenHalfWasRead = -1;
        const int rows = 3 * XlsxStream.RowsPerChunk + 7;
        for (var i = 1; i <= rows; i++)
        {
            await xlsx.AddAsync([$"XF20261207-{i:0000}", "王伟", i % 2 == 0 ? i : null], CancellationToken.None);
            if (i == rows / 2) sentWhenHalfWasRead = sink.Written;
        }
        await xlsx.CompleteAsync(CancellationToken.None);
        await xlsx.DisposeAsync();

        // Half the rows read, and the client already has part of the file: nothing waits for the whole workbook.
        Assert.True(sentWhenHalfWasRead > 0, "nothing was sent before the last row");
        Assert.True(sentWhenHalfWasRead < sink.Written);
        var read = new MemoryStream(sink.Bytes.ToArray()).Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(rows, read.Count);
        Assert.Equal("XF20261207-0001", read[0]["编号"]);
        Assert.Equal("王伟", read[^1]["信访人"]);
        Assert.Equal(2d, Convert.ToDouble(read[1]["剩余天数"]));
    }

    /// <summary>What a response body is: write-only, no seeking, so the archive cannot go back to fix its headers.</summary>
    private sealed class ForwardOnlySink : Stream
    {
        public MemoryStream Bytes { get; } = new();
        public long Written => Bytes.Length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("synchronous write: Kestrel refuses these");
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            Bytes.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
