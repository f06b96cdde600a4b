using Microsoft.AspNetCore.Http.HttpResults;
using PetitionBot.Bot.Petitions.Status;

namespace PetitionBot.Bot.Reception;

/// <summary>
/// Public JSON for 领导接访日 and 走访预约: the days on offer, booking, cancelling. Booking and cancelling go through the
/// status look-up's per-address limiter: both are public writes, and cancelling is keyed by four phone digits.
/// </summary>
public static class ReceptionEndpoints
{
    public sealed record DayDto(long Id, DateOnly Date, string Place, string Leader, IReadOnlyList<string> Topics, int FreeSlots);

    public sealed record BookingInput(long? DayId, string? Name, string? Phone, string? Matter);

    public sealed record Booked(string BookingNo);

    public sealed record Problem(string Error, string Message);

    public static RouteGroupBuilder MapReceptionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reception-days", async (ReceptionDesk desk, CancellationToken ct) =>
                TypedResults.Ok((await desk.UpcomingAsync(ct)).Select(d => new DayDto(d.Id, d.Date, d.Place, d.Leader, d.Topics, d.FreeSlots)).ToList()))
            .WithTags("Reception");

        var group = app.MapGroup("/api/bookings").WithTags("Reception").AddEndpointFilter<StatusLookupRateLimitFilter>();
        group.MapPost("", BookAsync);
        group.MapDelete("/{bookingNo}", CancelAsync);
        return group;
    }

    internal static async Task<Results<Created<Booked>, Conflict<Problem>, NotFound<Problem>, ValidationProblem>> BookAsync(
        BookingInput input, ReceptionDesk desk, CancellationToken ct)
    {
        var result = await desk.BookAsync(new BookingRequest(input.DayId, input.Name, input.Phone, input.Matter), ct);
        return result.Outcome switch
        {
            BookingOutcome.Booked => TypedResults.Created($"/api/bookings/{result.BookingNo}", new Booked(result.BookingNo!)),
            BookingOutcome.Full => TypedResults.Conflict(new Problem("full", "这一天的预约名额已满，请选择其他接访日，或在开放时间直接到接待场所登记。")),
            BookingOutcome.NoSuchDay => TypedResults.NotFound(new Problem("no_such_day", "没有找到这个接访日，可能已经过期或取消，请刷新后重新选择。")),
            _ => TypedResults.ValidationProblem(result.Errors!.ToDictionary(e => e.Key, e => e.Value), title: "预约信息有误，请按提示修改。"),
        };
    }

    /// <summary>DELETE /api/bookings/YY1208-K7Q3?phone=8000 — 404 alike for an unknown number and wrong digits.</summary>
    internal static async Task<Results<NoContent, NotFound<Problem>, ValidationProblem>> CancelAsync(
        string bookingNo, string? phone, ReceptionDesk desk, CancellationToken ct)
    {
        if (phone is null || !PetitionLookup.IsLastFour(phone))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["phone"] = ["请提供预约时所留电话号码的后4位数字。"] });
        return await desk.CancelAsync(bookingNo, phone, ct)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new Problem("not_found", "预约号和电话后4位对不上，或者这个预约已经取消。"));
    }
}
