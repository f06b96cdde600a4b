using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Office.Auth;

/// <summary>A back-office account. Passwords are PBKDF2 hashes (PasswordHasher); five failures lock it for 15 minutes.</summary>
public class OfficeUser
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public string PasswordHash { get; set; } = "";
    public OfficeRole Role { get; set; }
    /// <summary>For 办理单位 accounts: the unit whose items the user sees.</summary>
    public long? UnitId { get; set; }
    /// <summary>For 网格员 accounts: the grid (网格) whose disputes the user keeps.</summary>
    public long? GridId { get; set; }
    /// <summary>The account's 企业微信 userid (通讯录 账号): signs in through the WeCom app and receives reminders there.</summary>
    public string? WeComUserId { get; set; }
    public bool Active { get; set; } = true;
    public int FailedLogins { get; set; }
    public DateTime? LockedUntilUtc { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>Changes on password or role change so that older cookies stop working.</summary>
    public Guid SecurityStamp { get; set; } = Guid.NewGuid();
}

public enum OfficeRole { Registrar, HandlingUnit, Supervisor, Leader, Admin, DutyLawyer, GridWorker }

public static class OfficeRoles
{
    public static string Label(OfficeRole role) => role switch
    {
        OfficeRole.Registrar => "登记员",
        OfficeRole.HandlingUnit => "办理单位",
        OfficeRole.Supervisor => "督办",
        OfficeRole.Leader => "领导",
        OfficeRole.Admin => "管理员",
        OfficeRole.DutyLawyer => "值班律师",
        OfficeRole.GridWorker => "网格员",
        _ => role.ToString(),
    };
}

internal sealed class OfficeUserConfiguration : IEntityTypeConfiguration<OfficeUser>
{
    public void Configure(EntityTypeBuilder<OfficeUser> b)
    {
        b.ToTable("OfficeUsers");
        b.HasIndex(u => u.UserName).IsUnique();
        b.Property(u => u.UserName).HasMaxLength(64);
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.Property(u => u.PasswordHash).HasMaxLength(400);
        // One WeCom member is one office account: the sign-in must not have to choose.
        b.HasIndex(u => u.WeComUserId).IsUnique();
        b.Property(u => u.WeComUserId).HasMaxLength(64);
    }
}
