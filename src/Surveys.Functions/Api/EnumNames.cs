namespace Surveys.Functions.Api;

/// <summary>
/// Enum values from request text by their exact names (case-insensitive). <c>Enum.TryParse</c> also takes
/// numbers and comma-separated lists, which it ORs together: «inProgress,done» would be read as «Dropped»
/// and «leader,admin» as «Admin».
/// </summary>
public static class EnumNames
{
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var name = Enum.GetNames<T>().FirstOrDefault(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null && Enum.TryParse(name, out value);
    }
}
