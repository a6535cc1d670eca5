using Azure.Core.Pipeline;

namespace Surveys.Functions.Storage;

/// <summary>The Queue service of one account. Cheap to create; shares the account's pipeline.</summary>
public class QueueServiceClient
{
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    internal QueueServiceClient(HttpPipeline pipeline, Uri endpoint)
    {
        _pipeline = pipeline;
        _endpoint = endpoint;
    }

    /// <summary>For test doubles.</summary>
    protected QueueServiceClient()
    {
        _pipeline = null!;
        _endpoint = null!;
    }

    /// <summary>A client using base64 message encoding, as the Functions queue trigger expects.</summary>
    /// <exception cref="ArgumentException">The name is not 3-63 lowercase letters, digits and single hyphens.</exception>
    public virtual QueueClient GetQueueClient(string queueName) => new(_pipeline, _endpoint, queueName, QueueMessageEncoding.Base64);
}
