using System.Collections;
using System.Reflection;

namespace Surveys.Model.Tests.Comparisons;

/// <summary>Finds every number reachable through public properties, to prove a suppressed result carries none.</summary>
internal static class Numbers
{
    public static List<string> Reachable(object root)
    {
        var found = new List<string>();
        Walk(root, "$", found, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        return found;
    }

    private static void Walk(object? value, string path, List<string> found, HashSet<object> seen, int depth)
    {
        if (value is null || depth > 12)
        {
            return;
        }

        var type = value.GetType();
        if (value is int or long or double or float or decimal or short or byte or Proportion)
        {
            found.Add($"{path} = {value}");
            return;
        }

        if (value is string or bool or Enum or LocalizedText || type.IsPrimitive || !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            var i = 0;
            foreach (var element in sequence)
            {
                Walk(element, $"{path}[{i++}]", found, seen, depth + 1);
            }

            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            Walk(property.GetValue(value), $"{path}.{property.Name}", found, seen, depth + 1);
        }
    }
}
