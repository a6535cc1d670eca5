using System.Text;

namespace Surveys.Functions.Storage;

/// <summary>
/// A JSON document kept in one entity, split over string properties <c>Json0</c>, <c>Json1</c>, …
/// (a table string holds at most 32 K characters; an entity at most 1 MiB, so 30 chunks is the cap).
/// </summary>
public static class ChunkedJson
{
    public const int ChunkChars = 30_000;
    public const int MaxChunks = 30;

    /// <exception cref="InvalidOperationException">The document is too large for one entity.</exception>
    public static void Write(TableEntity entity, string json)
    {
        var chunks = (json.Length + ChunkChars - 1) / ChunkChars;
        if (chunks > MaxChunks)
            throw new InvalidOperationException($"{entity.PartitionKey}/{entity.RowKey} is too large to store ({json.Length} characters).");
        for (var i = 0; i < chunks; i++)
            entity[$"Json{i}"] = json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - i * ChunkChars));
    }

    /// <summary>The document, or null when the entity has none.</summary>
    public static string? Read(TableEntity entity)
    {
        if (entity.GetString("Json0") is null) return null;
        var json = new StringBuilder();
        for (var i = 0; entity.GetString($"Json{i}") is { } chunk; i++) json.Append(chunk);
        return json.ToString();
    }
}
