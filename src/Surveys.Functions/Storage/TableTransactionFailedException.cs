using Azure;

namespace Surveys.Functions.Storage;

/// <summary>
/// A $batch was rejected as a whole (nothing was applied). <see cref="RequestFailedException.Status"/> and
/// <see cref="RequestFailedException.ErrorCode"/> are those of the failing operation, e.g. 409 EntityAlreadyExists
/// or 412 UpdateConditionNotSatisfied, not the outer 202.
/// </summary>
public class TableTransactionFailedException : RequestFailedException
{
    public TableTransactionFailedException(int status, string message, string? errorCode, int? failedIndex, Exception? innerException = null)
        : base(status, message, errorCode, innerException)
    {
        FailedIndex = failedIndex;
    }

    /// <summary>Index into the submitted actions of the operation that failed, when the service said which one.</summary>
    public int? FailedIndex { get; }
}
