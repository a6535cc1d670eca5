namespace Surveys.Functions.Api.OpenApi;

// The few things ASP.NET Core's own metadata attributes ([EndpointSummary], [EndpointDescription], [Tags],
// [Consumes], [ProducesResponseType], [AllowAnonymous]) cannot say about an HTTP function. OpenApiGenerator reads both.

/// <summary>The query parameters of an HTTP function: one per property of <see cref="Type"/> (a record), with the
/// property's JSON name, schema and <c>[Description]</c>; required when the record's constructor requires it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class QueryParametersAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}

/// <summary>A request header the function reads (a string).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class HeaderParameterAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;
    public string Description { get; } = description;
    public bool Required { get; init; }
}

/// <summary>A response header of every 2xx response of the function (a string).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ResponseHeaderAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;
    public string Description { get; } = description;
}

/// <summary>Statuses the function answers with a ProblemDetails (<c>application/problem+json</c>), made in one place
/// by ProblemDetailsExceptionHandler; documented as the shared <c>Problem</c> response.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProblemResponsesAttribute(params int[] statusCodes) : Attribute
{
    public IReadOnlyList<int> StatusCodes { get; } = statusCodes;
}
