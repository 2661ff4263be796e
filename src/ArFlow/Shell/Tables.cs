using MudBlazor;

namespace ArFlow.Shell;

public static class Tables
{
    /// <summary>A table's sort as the lists take it: the column's label, "-" in front for descending.</summary>
    public static string? Sort(TableState state) =>
        state.SortLabel is null || state.SortDirection == SortDirection.None ? null
        : (state.SortDirection == SortDirection.Descending ? "-" : "") + state.SortLabel;
}
