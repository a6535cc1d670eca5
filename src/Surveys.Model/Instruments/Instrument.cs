namespace Surveys.Model;

/// <summary>
/// A built-in survey template (<c>ETHICS</c>, <c>WELLBEING</c>, <c>EXIT</c>, <c>USER</c>, <c>EMPLOYEE</c>):
/// its items in display order and its revision. Organisations adopt it as a <see cref="Survey"/> and may
/// adjust the wording there; the template itself never changes except by a new <see cref="Revision"/>.
/// </summary>
/// <remarks>
/// Optional add-ons (EMPLOYEE-19 and EMPLOYEE-20, and the retrospective set ETHICS-R01…R09) are items
/// with <see cref="Item.IncludedByDefault"/> false. They are listed in <see cref="AllItems"/> and
/// <see cref="OptionalItems"/> but not in <see cref="Items"/>, so counts and defaults describe what a new
/// survey gets; <see cref="Survey.FromInstrument"/> includes them when asked by id.
/// </remarks>
public sealed class Instrument
{
    private readonly Item[] _all;

    internal Instrument(string id, LocalizedText name, int revision, IEnumerable<Item> items)
    {
        Id = id;
        Name = name;
        Revision = revision;
        _all = items.ToArray();
        Items = Array.AsReadOnly(_all.Where(i => i.IncludedByDefault).ToArray());
        OptionalItems = Array.AsReadOnly(_all.Where(i => !i.IncludedByDefault).ToArray());
    }

    /// <summary>Stable id, never renamed or reused: <c>ETHICS</c>, <c>WELLBEING</c>, <c>EXIT</c>, <c>USER</c>, <c>EMPLOYEE</c>.</summary>
    public string Id { get; }

    /// <summary>The instrument's name in bokmål and English.</summary>
    public LocalizedText Name { get; }

    /// <summary>Template revision; organisations opt in to new revisions. All built-ins are at 1.</summary>
    public int Revision { get; }

    /// <summary>The items a new survey gets, in display order (optional add-ons excluded).</summary>
    public IReadOnlyList<Item> Items { get; }

    /// <summary>The optional add-ons, in display order.</summary>
    public IReadOnlyList<Item> OptionalItems { get; }

    /// <summary>Every item, default and optional, in display order.</summary>
    public IReadOnlyList<Item> AllItems => _all;

    /// <summary>The item with <paramref name="itemId"/> (default or optional), or <c>null</c>.</summary>
    public Item? FindItem(string itemId) => _all.FirstOrDefault(i => i.Id == itemId);

    /// <inheritdoc />
    public override string ToString() => $"{Id} r{Revision}";
}
