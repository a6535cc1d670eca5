using Azure.Core;

namespace Surveys.Functions.Storage;

/// <summary>Pipeline options for the storage clients: retry, transport, diagnostics, all with Azure.Core's defaults.</summary>
public class StorageClientOptions : ClientOptions
{
}
