using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PetitionBot.Bot.Data;

/// <summary>
/// Whether the database answers, as the requests and the readiness check find it. An outage is logged once when it
/// starts and once when it ends, not once per failed request.
/// </summary>
public sealed class DatabaseHealth(IServiceScopeFactory scopes, TimeProvider time, ILogger<DatabaseHealth> logger)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);
    private readonly Lock _gate = new();
    private DateTimeOffset? _downSince;
    // Applied migrations are never taken back, so once the schema was found complete it is not asked again.
    private volatile bool _schemaCurrent;

    public bool IsDown
    {
        get { lock (_gate) return _downSince is not null; }
    }

    /// <summary>Exceptions that mean "the database cannot be reached or used now", rather than a bug in a query.</summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when sqlite.SqliteErrorCode is 5 or 6 or 8 or 10 or 11 or 13 or 14 or 26:
                    return true; // busy, locked, read-only, I/O error, corrupt, full, cannot open, not a database
                case SqliteException:
                    return false;
                case Npgsql.PostgresException postgres:
                    return postgres.IsTransient; // the server answered: only shutdown, too many connections and the like
                case Npgsql.NpgsqlException:
                    return true; // the server could not be reached or the connection broke
                case DbException db when db.IsTransient:
                    return true;
                case TimeoutException or SocketException:
                    return true;
            }
        }
        return false;
    }

    public void ReportFailure(Exception exception)
    {
        lock (_gate)
        {
            if (_downSince is not null) return;
            _downSince = time.GetUtcNow();
        }
        logger.LogWarning(exception, "Database unavailable: requests get 503 until it answers again (further failures are not logged)");
    }

    public void ReportSuccess()
    {
        DateTimeOffset since;
        lock (_gate)
        {
            if (_downSince is not { } down) return;
            since = down;
            _downSince = null;
        }
        logger.LogWarning("Database available again after {Outage}", time.GetUtcNow() - since);
    }

    /// <summary>
    /// Whether every migration this build knows is applied. Each instance migrates before it serves; a database
    /// restored from an older backup, or an instance racing a failed upgrade, shows up here as not ready.
    /// </summary>
    public async Task<bool> SchemaCurrentAsync(CancellationToken cancellationToken)
    {
        if (_schemaCurrent) return true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            var pending = await db.Database.GetPendingMigrationsAsync(timeout.Token);
            if (pending.Any()) return false;
            _schemaCurrent = true;
            return true;
        }
        catch (Exception ex) when (IsOutage(ex) || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            ReportFailure(ex);
            return false;
        }
    }

    /// <summary>One trivial query with a short time-out; the outcome is reported like a request's.</summary>
    public async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
            ReportSuccess();
            return true;
        }
        catch (Exception ex) when (IsOutage(ex) || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            ReportFailure(ex);
            return false;
        }
    }
}

/// <summary>A request that failed because the database is unavailable: 503 with a Chinese message and Retry-After.</summary>
internal sealed class DatabaseUnavailableHandler(DatabaseHealth health) : IExceptionHandler
{
    public const string Message = "系统暂时无法访问数据库，请稍后再试。您已填写的内容不会丢失。";
    public const int RetryAfterSeconds = 30;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseHealth.IsOutage(exception)) return false;
        health.ReportFailure(exception);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(new { title = "暂时无法服务", status = 503, detail = Message },
            options: null, contentType: "application/problem+json", cancellationToken: cancellationToken);
        return true;
    }
}
