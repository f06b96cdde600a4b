using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Conversation;

/// <summary>Every transcript in tests/Transcripts, played through POST /api/chat as a citizen would type it.</summary>
public class TranscriptTests
{
    public static TheoryData<string> Transcripts => TranscriptRunner.Files();

    [Theory]
    [MemberData(nameof(Transcripts))]
    public Task Conversation_goes_as_the_transcript_says(string transcript) => TranscriptRunner.RunAsync(transcript, Db.Sqlite);

    [PostgresTheory]
    [MemberData(nameof(Transcripts))]
    public Task Conversation_goes_as_the_transcript_says_on_postgres(string transcript) => TranscriptRunner.RunAsync(transcript, Db.Postgres);
}
