namespace ArFlow.Infrastructure;

/// <summary>RFC 4180 output: a field is quoted when it holds a separator, a quote or a line break.</summary>
public static class Csv
{
    public static string Field(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    public static string Line(IEnumerable<string> fields) => string.Join(",", fields.Select(Field));
}
