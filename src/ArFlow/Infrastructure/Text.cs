using System.Globalization;
using System.Resources;
using ArFlow.Domain.Errors;

namespace ArFlow.Infrastructure;

/// <summary>Every user-facing string, from Resources/Messages.resx (en-US) and Messages.zh-CN.resx.</summary>
public static class Text
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo[] Supported = [English, Chinese];

    internal static readonly ResourceManager Resources = new("ArFlow.Resources.Messages", typeof(Text).Assembly);

    /// <summary>The supported culture closest to <paramref name="name"/>: any Chinese goes to zh-CN.</summary>
    public static CultureInfo Closest(string? name) =>
        name is not null && name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese : English;

    /// <summary>In the current request's (or command's) UI culture.</summary>
    public static string Ui(string key, params object?[] args) => Get(CultureInfo.CurrentUICulture, key, args);

    public static string Get(CultureInfo culture, string key, params object?[] args)
    {
        var format = Resources.GetString(key, culture) ?? key;
        return args.Length == 0 ? format : string.Format(culture, format, args.Select(a => Display(a, culture)).ToArray());
    }

    public static string Message(this DomainError error, CultureInfo? culture = null) =>
        Get(culture ?? CultureInfo.CurrentUICulture, error.Code, error.Args);

    /// <summary>"field: message", or the message alone when no field is named: how a person reads an error.</summary>
    public static string Line(this DomainError error) => error.Field is null ? error.Message() : $"{error.Field}: {error.Message()}";

    private static object? Display(object? arg, CultureInfo culture) => arg switch
    {
        decimal d => d.ToString("#,0.00##", culture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => arg,
    };
}
