using Azure;

namespace Surveys.Functions.Storage;

/// <summary>
/// 412: another writer changed (or deleted) the entity since its ETag was read. Reload the entity,
/// re-apply the change and retry; never retry blindly with the same ETag.
/// </summary>
public class ConcurrencyConflictException : RequestFailedException
{
    public ConcurrencyConflictException(string message, string? errorCode = "UpdateConditionNotSatisfied", Exception? innerException = null)
        : base(412, message, errorCode, innerException)
    {
    }
}
