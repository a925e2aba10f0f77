namespace Conciliazione.Web.Infrastructure;

/// <summary>Helpers for PostgreSQL ILIKE used as "equal ignoring case" (duplicate checks).</summary>
public static class Like
{
    /// <summary>Escapes %, _ and \ so that ILIKE compares the text literally (escape character '\').</summary>
    public static string Literal(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
