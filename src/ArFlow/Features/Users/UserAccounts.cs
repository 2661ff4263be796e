using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Users;

/// <summary>Creating accounts: the roles every database has, a new user with a role, the demo
/// company's people.</summary>
public static class UserAccounts
{
    /// <summary>The demo's one password, listed in the README. Only the demo company uses it.</summary>
    public const string DemoPassword = "ArFlow-demo-2026";

    /// <summary>The demo's people: one account per role; the sales people and collectors are the
    /// owners and collectors of the demo customers.</summary>
    public static readonly (string UserName, string DisplayName, string Role)[] DemoPeople =
    [
        ("admin", "系统管理员 Admin", Roles.Admin),
        ("manager", "财务经理 Finance Manager", Roles.FinanceManager),
        ("clerk", "应收会计 AR Clerk", Roles.ArClerk),
        ("liu.yang", "刘洋 Liu Yang", Roles.Collector),
        ("zhao.min", "赵敏 Zhao Min", Roles.Collector),
        ("sun.lei", "孙磊 Sun Lei", Roles.Collector),
        ("zhang.wei", "张伟 Zhang Wei", Roles.Sales),
        ("li.na", "李娜 Li Na", Roles.Sales),
        ("wang.fang", "王芳 Wang Fang", Roles.Sales),
        ("chen.jing", "陈静 Chen Jing", Roles.Sales),
        ("legal", "法务 Legal", Roles.Legal),
        ("auditor", "审计 Auditor", Roles.Auditor),
    ];

    public sealed record NewUser(string UserName, string Password, string Role, string? DisplayName = null, string? Email = null, string? Language = null);

    /// <summary>Run wherever the schema is migrated (server start, every command).</summary>
    public static async Task EnsureRolesAsync(RoleManager<IdentityRole<long>> roles)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Throw(await roles.CreateAsync(new IdentityRole<long>(role)));
    }

    public static async Task<bool> AnyAdminAsync(UserManager<ArFlowUser> users) =>
        (await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0;

    /// <summary>Creates the account with its role (the roles exist once the database was migrated:
    /// <see cref="EnsureRolesAsync"/>); the errors name the field that is wrong.</summary>
    public static async Task<Result<ArFlowUser>> AddAsync(IServiceProvider services, NewUser request, DateTimeOffset now)
    {
        var users = services.GetRequiredService<UserManager<ArFlowUser>>();
        var check = new Check();
        var role = Roles.Find(request.Role);
        if (role is null) check.Add(ErrorCodes.InvalidEnum, "role", request.Role, string.Join(", ", Roles.All));
        if (string.IsNullOrWhiteSpace(request.UserName)) check.Add(ErrorCodes.Required, "userName");
        else if (await users.FindByNameAsync(request.UserName) is not null) check.Add(ErrorCodes.UserExists, "userName", request.UserName);
        if (!check.Ok) return Result<ArFlowUser>.Fail([.. check.Errors]);

        var user = new ArFlowUser
        {
            UserName = request.UserName.Trim(), DisplayName = request.DisplayName, Email = request.Email,
            Language = request.Language is null ? null : Text.Closest(request.Language).Name, CreatedAt = now,
        };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
            return Result<ArFlowUser>.Fail([.. created.Errors.Select(e => new DomainError(ErrorCodes.PasswordRejected, "password", e.Description))]);
        Throw(await users.AddToRoleAsync(user, role!));
        return user;
    }

    /// <summary>The first administrator, from the first-run page: refused once one exists, and two
    /// people submitting the page at the same moment cannot both become one (the check and the
    /// insert share a transaction that writers take one at a time).</summary>
    public static async Task<Result<ArFlowUser>> AddFirstAdminAsync(IServiceProvider services, NewUser request, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<ArFlowDbContext>();
        return await db.WriteAsync(async () =>
        {
            // SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL needs a lock for it.
            if (db.Engine == DatabaseEngine.Postgres) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4212001)", ct);
            if (await AnyAdminAsync(services.GetRequiredService<UserManager<ArFlowUser>>()))
                return Result<ArFlowUser>.Fail(new DomainError(ErrorCodes.AdminExists, "userName"));
            return await AddAsync(services, request with { Role = Roles.Admin }, now);
        }, ct);
    }

    /// <summary>The demo company's accounts, unless they are there already.</summary>
    public static async Task AddDemoPeopleAsync(IServiceProvider services, DateTimeOffset now)
    {
        var users = services.GetRequiredService<UserManager<ArFlowUser>>();
        foreach (var (userName, displayName, role) in DemoPeople)
            if (await users.FindByNameAsync(userName) is null)
                (await AddAsync(services, new NewUser(userName, DemoPassword, role, displayName), now)).ValueOrThrow();
    }

    private static void Throw(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
