using ArFlow.Data;
using ArFlow.Domain.Credit;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Credit;

/// <summary>The scorecard, the credit policy and the early-warning rules as data: read by every score, recommendation and
/// check; edited by the people with the settings policy; checked by the domain before it is kept.
/// A change names the version it was made on, so two admins cannot overwrite each other unseen.</summary>
public static class CreditSettings
{
    public const string ScorecardKey = "scorecard";
    public const string PolicyKey = "policy";
    public const string WarningsKey = "warnings";

    public static async Task<(Scorecard Scorecard, CreditPolicy Policy)> LoadAsync(ArFlowDbContext db, CancellationToken ct)
    {
        var raw = await StoredSettings.RawAsync(db, [ScorecardKey, PolicyKey], ct);
        return (StoredSettings.Read(raw, ScorecardKey, Scorecard.Default), StoredSettings.Read(raw, PolicyKey, CreditPolicy.Default));
    }

    public static Task<SettingDto<Scorecard>> ScorecardAsync(ArFlowDbContext db, CancellationToken ct) => StoredSettings.GetAsync(db, ScorecardKey, Scorecard.Default, ct);

    public static Task<SettingDto<CreditPolicy>> PolicyAsync(ArFlowDbContext db, CancellationToken ct) => StoredSettings.GetAsync(db, PolicyKey, CreditPolicy.Default, ct);

    public static Task<SettingDto<WarningRules>> WarningRulesAsync(ArFlowDbContext db, CancellationToken ct) => StoredSettings.GetAsync(db, WarningsKey, WarningRules.Default, ct);

    public static Task<Result<SettingDto<WarningRules>>> SaveWarningRulesAsync(ArFlowDbContext db, StoredSettings.SaveRequest<WarningRules> r, string by, Clock clock, CancellationToken ct) =>
        StoredSettings.SaveAsync(db, WarningsKey, r, rules => rules.Problems(), by, clock, ct);

    public static Task<Result<SettingDto<Scorecard>>> SaveScorecardAsync(ArFlowDbContext db, StoredSettings.SaveRequest<Scorecard> r, string by, Clock clock, CancellationToken ct) =>
        StoredSettings.SaveAsync(db, ScorecardKey, r, card => card.Problems(), by, clock, ct);

    public static Task<Result<SettingDto<CreditPolicy>>> SavePolicyAsync(ArFlowDbContext db, StoredSettings.SaveRequest<CreditPolicy> r, string by, Clock clock, CancellationToken ct) =>
        StoredSettings.SaveAsync(db, PolicyKey, r, policy => policy.Problems(), by, clock, ct);
}
