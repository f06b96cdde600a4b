using System.Security.Claims;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Office.Auth;

/// <summary>The signed-in office user, read from the cookie's claims.</summary>
public sealed record OfficeActor(long UserId, string UserName, string DisplayName, OfficeRole Role, long? UnitId, long? GridId = null)
{
    /// <summary>The deadline watch and other background work.</summary>
    public static readonly OfficeActor System = new(0, "system", "系统", OfficeRole.Admin, null);

    public string RoleLabel => OfficeRoles.Label(Role);

    /// <summary>Admin may do everything; the others only what their role allows.</summary>
    public bool Has(params OfficeRole[] roles) => Role == OfficeRole.Admin || roles.Contains(Role);

    /// <summary>
    /// 办理单位 users see only the items of their own unit; 值班律师 only those of their hand-offs (checked by the caller
    /// with Handoff.HandoffInbox.TookPartAsync); 网格员 only those filed from their grid's disputes (Grid.DisputeFilings.
    /// FiledFromGridAsync); everyone else sees all.
    /// </summary>
    public bool CanSee(Petition petition) => Role switch
    {
        OfficeRole.HandlingUnit => UnitId is { } unit && petition.HandlingUnitId == unit,
        OfficeRole.DutyLawyer or OfficeRole.GridWorker => false,
        _ => true,
    };

    /// <summary>Roles that may reveal a masked ID number or phone (every reveal is audited).</summary>
    public bool MayReveal => Role is OfficeRole.Registrar or OfficeRole.HandlingUnit or OfficeRole.Supervisor;

    public static OfficeActor? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.Identity.AuthenticationType != OfficeAuth.Scheme) return null;
        if (!long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return null;
        if (!Enum.TryParse<OfficeRole>(user.FindFirstValue(ClaimTypes.Role), out var role)) return null;
        long? unit = long.TryParse(user.FindFirstValue(OfficeAuth.UnitClaim), out var u) ? u : null;
        long? grid = long.TryParse(user.FindFirstValue(OfficeAuth.GridClaim), out var g) ? g : null;
        return new OfficeActor(id, user.FindFirstValue(ClaimTypes.Name) ?? "", user.FindFirstValue(OfficeAuth.DisplayNameClaim) ?? "", role, unit, grid);
    }

    public static OfficeActor Require(ClaimsPrincipal user) =>
        From(user) ?? throw new InvalidOperationException("Office route reached without an office session; check its authorization policy.");
}
