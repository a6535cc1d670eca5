namespace Surveys.Pages.Digests;

/// <summary>
/// The page an unsubscribe link opens (<paramref name="Done"/> false: a button that unsubscribes, or word that the address
/// already has) and the page after pressing it (<paramref name="Done"/> true).
/// </summary>
public sealed record UnsubscribeModel(string Token, string Email, bool AlreadyOff, bool Done);
