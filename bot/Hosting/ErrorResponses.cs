namespace PetitionBot.Bot.Hosting;

/// <summary>
/// Error bodies (RFC 9457 problem details) in Chinese for everyone who reads them, and a malformed request body answered
/// 400 like any other bad input instead of a 500 with a stack trace in the log.
/// </summary>
public static class ErrorResponses
{
    private static readonly Dictionary<int, string> Titles = new()
    {
        [StatusCodes.Status400BadRequest] = "请求有误",
        [StatusCodes.Status401Unauthorized] = "未登录或凭据无效",
        [StatusCodes.Status403Forbidden] = "无权访问",
        [StatusCodes.Status404NotFound] = "未找到",
        [StatusCodes.Status405MethodNotAllowed] = "不支持该请求方法",
        [StatusCodes.Status413PayloadTooLarge] = "请求内容过大",
        [StatusCodes.Status415UnsupportedMediaType] = "请求内容类型不受支持（请使用 application/json）",
        [StatusCodes.Status429TooManyRequests] = "请求太频繁，请稍后再试",
        [StatusCodes.Status500InternalServerError] = "服务器内部错误，请稍后再试",
        [StatusCodes.Status503ServiceUnavailable] = "服务暂不可用，请稍后再试",
    };

    public static IHostApplicationBuilder AddErrorResponses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            // Only the framework's English defaults are replaced; titles our handlers chose stay.
            if (Titles.TryGetValue(status, out var title) && (problem.Title is null || IsAscii(problem.Title)))
                problem.Title = status == StatusCodes.Status400BadRequest && problem is HttpValidationProblemDetails
                    ? "请求内容有误" : title;
            if (status == StatusCodes.Status400BadRequest && problem.Detail is null && problem is not HttpValidationProblemDetails)
                problem.Detail = "请求格式不正确：请发送 JSON（Content-Type: application/json），字段见接口说明。";
        });
        // Development's default throws on a body that is not JSON, which the exception handler turned into a 500.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        return builder;
    }

    private static bool IsAscii(string s) => s.All(c => c < 128);
}
