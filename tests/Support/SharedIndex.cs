namespace PetitionBot.Tests.Support;

/// <summary>
/// One index folder for every test host: the index is named by the content hash of its sources, so hosts with the
/// same sources reuse one build instead of each analysing the whole pack again.
/// </summary>
public static class SharedIndex
{
    public static readonly string Folder = Path.Combine(Path.GetTempPath(), "petitionbot-tests-index");
}
