using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SendGrid;
using Surveys.Functions.Hosting;

namespace Surveys.Functions.Email;

public static class EmailExtensions
{
    /// <summary>
    /// E-mail: the sender chosen by <c>Surveys:Email:Mode</c> (<c>Outbox</c>, the default, or <c>SendGrid</c>,
    /// whose settings are then checked on start), the <c>emails</c> queue and the SendEmail function.
    /// </summary>
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section);
        services.AddOptions<SendGridOptions>().BindConfiguration(SendGridOptions.Section)
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                // The Functions convention names the key SendGridApiKey (a Key Vault reference in infra/main.bicep).
                if (string.IsNullOrWhiteSpace(o.ApiKey)) o.ApiKey = configuration[SendGridOptions.ApiKeyAppSetting];
            });
        services.TryAddSingleton(TimeProvider.System);

        switch (ModeOf(builder.Configuration))
        {
            case EmailMode.SendGrid:
                services.AddSingleton<IValidateOptions<SendGridOptions>, SendGridOptionsValidator>();
                services.AddOptions<SendGridOptions>().ValidateOnStart();
                // The official client, once, on a factory HttpClient. Per-attempt timeouts are the sender's
                // (RequestTimeout), so it can tell them from shutdown.
                services.AddHttpClient(nameof(SendGridClient), c => c.Timeout = Timeout.InfiniteTimeSpan)
                    .AddTypedClient<ISendGridClient>((http, provider) =>
                        new SendGridClient(http, provider.GetRequiredService<IOptions<SendGridOptions>>().Value.ClientOptions()));
                services.AddTransient<IEmailSender, SendGridEmailSender>();
                break;
            default:
                services.AddSingleton<IEmailSender, OutboxEmailSender>();
                break;
        }

        services.AddSingleton<SentEmailStore>();
        services.AddSingleton<EmailQueue>();
        services.AddQueueFunction<SendEmail>();
        return builder;
    }

    private static EmailMode ModeOf(IConfiguration configuration)
    {
        var key = $"{EmailOptions.Section}:{nameof(EmailOptions.Mode)}";
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value)) return EmailMode.Outbox;
        return Enum.TryParse<EmailMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new InvalidOperationException($"{key} is '{value}'; use Outbox or SendGrid.");
    }
}
