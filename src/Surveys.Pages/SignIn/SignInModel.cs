namespace Surveys.Pages.SignIn;

/// <summary>The sign-in form; <paramref name="LinkSent"/> after a request (it says the same whether or not the address is known).</summary>
public sealed record SignInModel(bool LinkSent);

/// <summary>The page a sign-in link opens: one button that signs in (a POST, so mail scanners that open links do not).</summary>
public sealed record ConfirmSignInModel(string Token);
