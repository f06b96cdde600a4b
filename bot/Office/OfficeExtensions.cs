using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Dashboard;
using PetitionBot.Bot.Office.Deadlines;
using PetitionBot.Bot.Office.Export;
using PetitionBot.Bot.Office.Queue;
using PetitionBot.Bot.Office.Registration;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Office;

/// <summary>The back office for clerks: Razor Pages under /office, JSON under /api/office, the deadline watch.</summary>
public static class OfficeExtensions
{
    public static IHostApplicationBuilder AddOffice(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OfficeOptions>()
            .Bind(builder.Configuration.GetSection(OfficeOptions.Section))
            .ValidateDataAnnotations()
            // The nested section is not reached by the annotations: the first administrator obeys the same rule as everyone.
            .Validate(o => string.IsNullOrEmpty(o.BootstrapAdmin.Password)
                           || PasswordRules.Check(o.BootstrapAdmin.Password, o.BootstrapAdmin.User ?? "admin") is null,
                "Office:BootstrapAdmin:Password is too weak for the password rule (at least 10 characters, at least 5 different ones, " +
                "not a common password or a keyboard/number sequence, not containing the user name). Choose another, or leave it unset " +
                "to have a random one logged once.")
            .ValidateOnStart();

        builder.Services.AddRazorPages(options =>
        {
            // Pages live with the feature; their @page routes are absolute (/office/…).
            options.RootDirectory = "/Office/Pages";
            options.Conventions.AuthorizeFolder("/", OfficeAuth.StaffPolicy);
            options.Conventions.AllowAnonymousToPage("/Login");
            options.Conventions.AuthorizePage("/Audit", OfficeAuth.SupervisorPolicy);
            options.Conventions.AuthorizeFolder("/Admin", OfficeAuth.AdminPolicy);
            foreach (var page in new[] { "/Index", "/Dashboard", "/Opinion", "/Print", "/Receipt" })
                options.Conventions.AuthorizePage(page, OfficeAuth.DeskPolicy);
            options.Conventions.AuthorizeFolder("/Handoffs", OfficeAuth.HandoffPolicy);
            options.Conventions.AuthorizeFolder("/Grid", OfficeAuth.GridPolicy);
            options.Conventions.AuthorizeFolder("/Cases", OfficeAuth.CasesPolicy);
            options.Conventions.AuthorizeFolder("/Reception", OfficeAuth.ReceptionPolicy);
            options.Conventions.AuthorizePage("/NewPetition", OfficeAuth.RegistrarPolicy);
            // Scanned pages come with the form: room for the allowed files, not Kestrel's default for everything.
            var office = builder.Configuration.GetSection(OfficeOptions.Section).Get<OfficeOptions>() ?? new OfficeOptions();
            options.Conventions.AddPageApplicationModelConvention("/NewPetition",
                m => m.EndpointMetadata.Add(new Hosting.BodyLimit(office.RegistrationBodyBytes(base64: false))));
        });
        // Chinese as text, not as &#x...; entities: readable pages and source.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddOfficeAuthentication();
        builder.Services.AddHttpContextAccessor();
        // Cookie keys in the database: every instance reads the same key ring, and restarts keep clerks signed in.
        builder.Services.AddDataProtection().SetApplicationName("PetitionBot").PersistKeysToDbContext<PetitionDbContext>();
        // The key ring sits in the petition database, whose access is the protection (as for the petitions themselves); the
        // framework's "no XML encryptor" warning at every first start says nothing an operator can act on.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        builder.Services.TryAddSingleton<IPasswordHasher<OfficeUser>, PasswordHasher<OfficeUser>>();
        builder.Services.ConfigurePetitionDatabase((_, o) => o.AddInterceptors(new AppendOnlyAuditInterceptor()));

        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddSingleton<Drafts.ClerkDrafts>();
        builder.Services.AddScoped<OfficeAccounts>();
        builder.Services.AddScoped<SignInGuard>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<IHousekeepingTask, SignInFailureCleanup>();
        builder.Services.AddScoped<PetitionWorkflow>();
        builder.Services.AddScoped<PetitionFile>();
        builder.Services.AddScoped<PetitionQueue>();
        builder.Services.AddScoped<Registration.PetitionRegistration>();
        builder.Services.AddScoped<Setup.FirstRunChecklist>();
        builder.Services.AddScoped<DashboardStats>();
        builder.Services.AddScoped<QueueExport>();
        builder.Services.AddScoped<DeadlineScanner>();
        builder.Services.AddHostedService<OfficeBootstrapper>();
        if (builder.Configuration.GetValue($"{OfficeOptions.Section}:{nameof(OfficeOptions.DeadlineWatchEnabled)}", true))
        {
            builder.Services.AddHostedService<DeadlineWatch>();
        }
        return builder;
    }

    public static WebApplication UseOffice(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/office") || c.Request.Path.StartsWithSegments("/api/office"), office =>
            office.Use(async (context, next) =>
            {
                // Pages full of personal data: not cached, not framed, no scripts.
                var h = context.Response.Headers;
                // The value antiforgery sets on pages with a form: it would override anything else with a warning each time.
                h.CacheControl = "no-cache, no-store";
                h.Pragma = "no-cache";
                h.XFrameOptions = "DENY";
                h.XContentTypeOptions = "nosniff";
                h["Referrer-Policy"] = "same-origin";
                h.ContentSecurityPolicy = "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data: http: https:; form-action 'self'; frame-ancestors 'none'";
                await next();
            }));
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapOffice(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages();
        app.MapOfficeApi();
        app.MapPetitionRegistration(app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<OfficeOptions>>().Value);
        app.MapWeComSignIn();
        return app;
    }
}
