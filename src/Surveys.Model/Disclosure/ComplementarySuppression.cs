namespace Surveys.Model;

/// <summary>
/// Which sibling cells of a breakdown to hide so that no group below the minimum size can be seen or
/// recovered by subtraction (users.md AN-01, AN-04, O-04). Siblings are the cells of one breakdown that
/// add up to a shown total: the units of a round for one item, the entry modes of a round, …
/// </summary>
/// <remarks>
/// <para><b>The rule.</b></para>
/// <list type="number">
/// <item>Primary: a cell with fewer than <c>minimumGroupSize</c> (zero included) is hidden, and so is every
/// cell the caller must hide anyway (<c>alwaysHidden</c>, e.g. a unit whose respondent count is already hidden,
/// or the «no unit» rows of a row-level export, which are blank by nature).</item>
/// <item>Complementary: while the hidden cells hold more than 0 but fewer than <c>minimumGroupSize</c>
/// together, the smallest visible cell is hidden too (ties: the key in ordinal order, so the result is
/// deterministic). A single small cell therefore always takes at least one sibling with it («the next
/// smallest sibling»), and two small cells take a third when their sum is still small.</item>
/// </list>
/// <para><b>Why it holds.</b> Whoever knows the total and every visible cell learns only the sum of the
/// hidden cells, and that sum is either 0 (nothing about anyone) or at least the minimum group size, which
/// may be shown. If every cell ends up hidden, the hidden sum is the total; callers show the total only when it
/// reaches the minimum, so that case is safe too. One visible cell left is fine for the same reason.</para>
/// <para>No I/O; the same rule serves the results export (per item across units) and the row-level export
/// (which unit and entry-mode values to blank).</para>
/// </remarks>
public static class ComplementarySuppression
{
    /// <summary>The keys of the cells to hide.</summary>
    /// <param name="cells">Each sibling cell's group size (respondents or answers), by key.</param>
    /// <param name="minimumGroupSize">The smallest group that may be shown (AN-01); at least 1.</param>
    /// <param name="alwaysHidden">Cells hidden whatever their size; may name keys not in <paramref name="cells"/> (ignored).</param>
    public static IReadOnlySet<string> Hidden(IReadOnlyDictionary<string, int> cells, int minimumGroupSize, IEnumerable<string>? alwaysHidden = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumGroupSize, 1);
        if (cells.Values.Any(n => n < 0)) throw new ArgumentException("A cell cannot hold fewer than 0.", nameof(cells));

        var forced = new HashSet<string>(alwaysHidden ?? [], StringComparer.Ordinal);
        var hidden = new HashSet<string>(cells.Where(c => c.Value < minimumGroupSize || forced.Contains(c.Key)).Select(c => c.Key), StringComparer.Ordinal);
        var hiddenSum = hidden.Sum(k => cells[k]);
        var visible = cells.Where(c => !hidden.Contains(c.Key))
            .OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key).ToList();
        var next = 0;
        while (hiddenSum > 0 && hiddenSum < minimumGroupSize && next < visible.Count)
        {
            var key = visible[next++];
            hidden.Add(key);
            hiddenSum += cells[key];
        }
        return hidden;
    }
}
