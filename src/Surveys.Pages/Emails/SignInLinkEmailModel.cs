namespace Surveys.Pages.Emails;

/// <summary>The sign-in link e-mail (<see cref="SignInLinkEmail"/>): bokmål, with an English line below.</summary>
/// <param name="Name">The member's name, if known («Hei Kari!»).</param>
/// <param name="Url">The one-time sign-in link.</param>
public sealed record SignInLinkEmailModel(string? Name, string Url)
{
    public const string Subject = "Logg inn i Surveys";

    /// <summary>«Hei Kari!», or «Hei!» without a name.</summary>
    public string Greeting => string.IsNullOrWhiteSpace(Name) ? "Hei!" : $"Hei {Name}!";
}
