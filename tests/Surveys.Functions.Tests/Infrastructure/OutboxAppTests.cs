using Surveys.Functions.Tests.Email;

namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>
/// A test class with its own app writing e-mail to its own outbox folder, with absolute links on
/// <see cref="BaseUrl"/>: for tests that run a timer function themselves and read what it sent.
/// </summary>
public abstract class OutboxAppTests(string folderPrefix) : IAsyncLifetime
{
    public const string BaseUrl = "https://surveys.example.no";

    protected string OutboxFolder { get; } = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    protected SurveysApp App { get; private set; } = null!;

    public Task InitializeAsync()
    {
        App = new SurveysApp(settings: new(Outbox.Settings(OutboxFolder)) { ["Surveys:PublicBaseUrl"] = BaseUrl });
        return App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(OutboxFolder, recursive: true);
    }

    /// <summary>The outbox's e-mails once at least <paramref name="expected"/> arrived and every queued copy was handled.</summary>
    protected Task<IReadOnlyList<Eml>> OutboxAsync(int expected) => Outbox.EmailsAsync(App, OutboxFolder, expected);
}
