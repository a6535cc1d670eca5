namespace Surveys.Pages.Actions;

/// <summary>
/// An item's figures in one round, from the stored trend or comparison (Results/ComparisonDocument.cs).
/// </summary>
/// <param name="Mean">The mean as the results page words it («3,5 av 5»).</param>
/// <param name="TopTwo">The share (0–1) who gave one of the two best answers, if the scale has them.</param>
/// <param name="BottomTwo">The share (0–1) who gave one of the two lowest answers, if the scale has them.</param>
public sealed record ItemFigures(int? N, Shared.LocalText? Mean, double? TopTwo, double? BottomTwo, bool HasTopTwo, bool HasBottomTwo);
