using System.Globalization;
using ArFlow.Infrastructure;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ArFlow.Shell;

/// <summary>MudBlazor's own words (a required field, a number that is not one, a clear button) from
/// our resource files when we have them ("mud." + MudBlazor's key), MudBlazor's English otherwise.</summary>
public sealed class MudText(ILoggerFactory loggers) : ILocalizationInterceptor
{
    private readonly DefaultLocalizationInterceptor _english = new(loggers);

    public LocalizedString Handle(string key, params object[] arguments)
    {
        var ours = Text.Resources.GetString("mud." + key, CultureInfo.CurrentUICulture);
        return ours is null
            ? _english.Handle(key, arguments)
            : new LocalizedString(key, arguments.Length == 0 ? ours : string.Format(CultureInfo.CurrentCulture, ours, arguments));
    }
}
