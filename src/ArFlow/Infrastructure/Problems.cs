using ArFlow.Domain.Errors;
using Microsoft.AspNetCore.Mvc;

namespace ArFlow.Infrastructure;

/// <summary>Maps business outcomes to HTTP: field problems are 400, clashes with the ledger's state
/// 409, an unknown thing named in the path 404, a decision that is not the caller's to make 403. The body is a ProblemDetails with a localized
/// message per field and the stable codes beside them.</summary>
public static class Problems
{
    public static IResult ToProblem(this IReadOnlyList<DomainError> errors, bool notFound = false) =>
        errors.ToProblem(notFound ? StatusCodes.Status404NotFound
            : errors.Any(e => e.IsForbidden) ? StatusCodes.Status403Forbidden
            : errors.Any(e => e.IsConflict) ? StatusCodes.Status409Conflict
            : StatusCodes.Status400BadRequest);

    public static IResult ToProblem(this DomainError error, int status) => new[] { error }.ToProblem(status);

    public static IResult ToProblem(this IReadOnlyList<DomainError> errors, int status)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = Text.Ui(status switch
            {
                403 => "problem.forbidden",
                404 => "problem.not_found",
                409 => "problem.conflict",
                422 => "problem.unprocessable",
                _ => "problem.validation",
            }),
            Detail = string.Join(" ", errors.Select(e => e.Message())),
            Type = $"https://arflow.dev/problems/{errors[0].Code}",
        };
        problem.Extensions["code"] = errors[0].Code;
        problem.Extensions["errors"] = errors.GroupBy(e => e.Field ?? "")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message()).ToArray());
        problem.Extensions["codes"] = errors.GroupBy(e => e.Field ?? "")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray());
        return TypedResults.Problem(problem);
    }

    public static IResult ToProblem(this DomainError error, bool notFound = false) => new[] { error }.ToProblem(notFound);

    public static IResult ToHttp<T>(this Result<T> result, Func<T, IResult> ok) =>
        result.IsSuccess ? ok(result.Value!) : result.Errors.ToProblem();
}

/// <summary>One page of a list, with the total count for the pager.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize);

public static class Paging
{
    public const int MaxPageSize = 500;

    public static (int Skip, int Take, int Page, int Size) Normalize(int? page, int? pageSize)
    {
        var size = Math.Clamp(pageSize ?? 50, 1, MaxPageSize);
        var p = Math.Max(page ?? 1, 1);
        return ((p - 1) * size, size, p, size);
    }

    /// <summary>Every list's <c>sort</c>: a field name for ascending, <c>-field</c> for descending
    /// (null field: the list's own default order).</summary>
    public static (string? Field, bool Descending) Sort(string? sort) =>
        string.IsNullOrWhiteSpace(sort) ? (null, false)
        : sort.StartsWith('-') ? (sort[1..].Trim().ToLowerInvariant(), true)
        : (sort.Trim().ToLowerInvariant(), false);

    public static IOrderedQueryable<T> OrderBy<T, TKey>(this IQueryable<T> q, System.Linq.Expressions.Expression<Func<T, TKey>> key, bool descending) =>
        descending ? q.OrderByDescending(key) : Queryable.OrderBy(q, key);

    public static IOrderedQueryable<T> ThenBy<T, TKey>(this IOrderedQueryable<T> q, System.Linq.Expressions.Expression<Func<T, TKey>> key, bool descending) =>
        descending ? q.ThenByDescending(key) : Queryable.ThenBy(q, key);
}
