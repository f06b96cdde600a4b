using System.Text.Json;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;

namespace PetitionBot.Bot.Office.Audit;

/// <summary>Adds audit rows to the current unit of work, so the record and the change are saved together.</summary>
public sealed class AuditLog(PetitionDbContext db, TimeProvider time, IHttpContextAccessor http)
{
    public void Add(OfficeActor actor, string action, string? subject, object? before, object? after) =>
        Add(actor.UserName, action, subject, before, after);

    public void Add(string actor, string action, string? subject, object? before, object? after)
    {
        db.Add(new AuditEntry
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = action,
            Subject = subject,
            Before = before is null ? null : JsonSerializer.Serialize(before, OfficeAuth.Json),
            After = after is null ? null : JsonSerializer.Serialize(after, OfficeAuth.Json),
            RemoteIp = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        });
    }
}
