namespace Surveys.Functions.Api;

/// <summary>Reads an HTML form body (<c>application/x-www-form-urlencoded</c> or <c>multipart/form-data</c>) and turns a
/// body that cannot be read as one into a 400.</summary>
public static class FormBody
{
    /// <summary>The form, or null when the body says it is not a form. A multipart body without its boundary, cut off
    /// before its closing boundary, or over ASP.NET Core's form limits throws <see cref="InvalidDataException"/> or
    /// <see cref="IOException"/> from <c>ReadFormAsync</c>: that is the caller's body, not a server error.</summary>
    public static async Task<IFormCollection?> ReadOrNullAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) return null;
        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Skjemaet kunne ikke leses", "The form could not be read",
                "Innholdet sier at det er et skjema, men er ikke et gyldig skjema.", "The body says it is a form but is not a valid one: " + e.Message);
        }
    }
}
