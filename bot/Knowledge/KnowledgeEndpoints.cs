using Microsoft.AspNetCore.Http.HttpResults;
using PetitionBot.Knowledge;
using PetitionBot.Knowledge.Answers;
using PetitionBot.Knowledge.Search;
using PetitionBot.Bot.Llm;
using PetitionBot.Bot.Hosting;

namespace PetitionBot.Bot.Knowledge;

public static class KnowledgeEndpoints
{
    /// <summary>Questions longer than this are cut, not refused: citizens paste whole stories.</summary>
    public const int MaxQuestionLength = 500;
    /// <summary>A pasted story of a few thousand characters (cut to <see cref="MaxQuestionLength"/>), even escaped as \uXXXX.</summary>
    public const int MaxAskBodyBytes = 32 * 1024;

    public sealed record AskRequest(string? Question);

    public static RouteGroupBuilder MapKnowledgeEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Knowledge");
        api.MapPost("/ask", Ask).WithBodyLimit(MaxAskBodyBytes);
        api.MapGet("/search", Search);
        return api;
    }

    private static async Task<Results<Ok<AskResult>, ProblemHttpResult>> Ask(AskRequest? request, IKnowledgeBase kb,
        GroundedAnswers grounded, Telemetry.BotTelemetry telemetry, CancellationToken cancellationToken)
    {
        var question = request?.Question?.Trim();
        if (string.IsNullOrEmpty(question))
            return Problem(StatusCodes.Status400BadRequest, "请输入您的问题，例如：“信访事项多长时间办结”。");
        if (!kb.IsReady) return NotReady();
        if (question.Length > MaxQuestionLength) question = question[..MaxQuestionLength];
        // With a language model configured, its verified rewrite; otherwise, or on any doubt, the extractive answer.
        var answer = await grounded.ImproveAsync(question, kb.Ask(question), cancellationToken);
        var kind = answer.Referral is not null ? Telemetry.AnswerKinds.Referral
            : answer.Abstained ? Telemetry.AnswerKinds.Abstained : Telemetry.AnswerKinds.Answer;
        telemetry.Answered("api", kind, answer.GeneratedBy);
        return TypedResults.Ok(answer);
    }

    private static Results<Ok<SearchResult>, ProblemHttpResult> Search(string? q, int? top, IKnowledgeBase kb)
    {
        var query = q?.Trim();
        if (string.IsNullOrEmpty(query))
            return Problem(StatusCodes.Status400BadRequest, "请输入检索词，例如 q=复核期限 或 q=第三十五条。");
        if (top is < 1 or > 50)
            return Problem(StatusCodes.Status400BadRequest, "top 须在 1 到 50 之间。");
        if (!kb.IsReady) return NotReady();
        if (query.Length > MaxQuestionLength) query = query[..MaxQuestionLength];
        return TypedResults.Ok(kb.Search(query, top ?? 10));
    }

    private static ProblemHttpResult NotReady() =>
        Problem(StatusCodes.Status503ServiceUnavailable, "知识库正在建立索引，请稍后再试。");

    private static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: status == 400 ? "请求有误" : "暂不可用");
}
